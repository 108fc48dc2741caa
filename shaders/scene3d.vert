#version 450 core
// 3D overlay geometry, generated from gl_VertexID per instance (no vertex buffers): bone cylinders, joint
// spheres (together: a capsule per segment), screen-space joint markers and trail ribbons. Every vertex is
// projected through the render camera with OpenCV lens distortion (camera.glsl), so graphics sit on the athlete in
// the real picture.
#include "camera.glsl"

struct Instance
{
    vec4 a;      // start / centre (xyz, world metres); w: radius (m) for 0/1, size (px) for 2, width (px) for 3
    vec4 b;      // end (xyz) for 0 and 3; w: alpha at the end of a ribbon segment
    vec4 color;  // straight (not premultiplied) RGBA
};
layout(std430, binding = 0) readonly buffer Instances { Instance instances[]; };

uniform vec2 targetSize;   // render target size (pixels)
uniform int kind;          // 0 cylinder, 1 sphere, 2 marker, 3 ribbon
uniform int slices;
uniform int rings;
uniform int instanceOffset; // first instance of this draw in the buffer

out vec3 cameraNormal;
out vec4 color;
flat out int shaded;

const float Pi = 3.14159265358979;

void basis(vec3 axis, out vec3 u, out vec3 v)
{
    vec3 helper = abs(axis.z) < 0.9 ? vec3(0.0, 0.0, 1.0) : vec3(1.0, 0.0, 0.0);
    u = normalize(cross(axis, helper));
    v = cross(axis, u);
}

void main()
{
    Instance inst = instances[instanceOffset + gl_InstanceID];
    color = inst.color;
    shaded = kind <= 1 ? 1 : 0;
    // Cylinders and spheres are drawn indexed: gl_VertexID is a point of their (slices + 1) × (rows + 1) grid, shared
    // by the quads around it (Scene3DPass's index buffers), so each is shaded once instead of once per corner.
    int column = gl_VertexID % (slices + 1), row = gl_VertexID / (slices + 1);
    // Markers and ribbons: two triangles per quad, (0,0) (1,0) (1,1) / (0,0) (1,1) (0,1).
    int corner = gl_VertexID % 6;
    ivec2 q = ivec2(corner == 1 || corner == 2 || corner == 4 ? 1 : 0, corner == 2 || corner == 4 || corner == 5 ? 1 : 0);
    vec3 world;
    vec3 normal = vec3(0.0);
    if (kind == 0)
    {
        vec3 axis = inst.b.xyz - inst.a.xyz;
        vec3 u, v;
        basis(normalize(axis), u, v);
        float theta = 2.0 * Pi * float(column) / float(slices);
        normal = cos(theta) * u + sin(theta) * v;
        world = inst.a.xyz + axis * float(row) + inst.a.w * normal;
    }
    else if (kind == 1)
    {
        float phi = Pi * float(row) / float(rings);
        float theta = 2.0 * Pi * float(column) / float(slices);
        normal = vec3(sin(phi) * cos(theta), sin(phi) * sin(theta), cos(phi));
        world = inst.a.xyz + inst.a.w * normal;
    }
    else if (kind == 2)
    {
        vec4 clip = projectToClip(inst.a.xyz);
        vec2 offset = (vec2(q) - 0.5) * inst.a.w / targetSize * 2.0;
        gl_Position = vec4(clip.xy + offset * clip.w, clip.z, clip.w);
        cameraNormal = vec3(0.0, 0.0, -1.0);
        return;
    }
    else
    {
        vec4 c0 = projectToClip(inst.a.xyz), c1 = projectToClip(inst.b.xyz);
        vec2 s0 = c0.xy / c0.w * targetSize, s1 = c1.xy / c1.w * targetSize;
        vec2 along = s1 - s0;
        vec2 side = length(along) > 1e-6 ? normalize(vec2(-along.y, along.x)) : vec2(0.0, 1.0);
        vec4 clip = q.x == 0 ? c0 : c1;
        vec2 offset = side * (float(q.y) - 0.5) * inst.a.w / targetSize;
        // Either end behind the camera: drop the segment (w <= 0 clips it).
        float w = min(c0.w, c1.w) <= 0.0 ? -1.0 : clip.w;
        gl_Position = vec4(clip.xy + offset * clip.w, clip.z, w);
        color.a = q.x == 0 ? inst.color.a : inst.b.w;
        cameraNormal = vec3(0.0, 0.0, -1.0);
        return;
    }
    cameraNormal = mat3(worldToCamera) * normal;
    gl_Position = projectToClip(world);
}
