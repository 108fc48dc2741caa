#version 450 core
// Athlete meshes (issue #18): indexed triangles pulled from storage buffers by gl_VertexID (no vertex arrays, as
// every pass here), each vertex projected through the render camera with OpenCV lens distortion exactly as the 3D
// overlays (scene3d.vert) and the floor (ground.vert), so a mesh stands on the floor and under the skeleton.
struct Vertex
{
    vec3 position;  // world metres
    uint colour;    // RGBA8, R in the lowest byte, straight alpha
    vec3 normal;    // world, unit (area-weighted mean of the faces around the vertex)
    float unused;
};
layout(std430, binding = 0) readonly buffer Vertices { Vertex vertices[]; };
layout(std430, binding = 1) readonly buffer Indices { uint indices[]; };

uniform mat4 worldToCamera;
uniform vec4 intrinsics;   // fx, fy, cx, cy (pixels of the camera image)
uniform float skew;
uniform vec4 distortion;   // k1, k2, p1, p2
uniform float k3;
uniform vec2 imageSize;    // camera image size (pixels)
uniform vec2 nearFar;      // metres

out vec3 worldNormal;
out vec4 colour;

// The same projection as scene3d.vert and ground.vert (GLSL has no include): equal depths for equal points.
vec4 projectToClip(vec3 world)
{
    vec3 c = (worldToCamera * vec4(world, 1.0)).xyz;
    float z = abs(c.z) < 1e-6 ? 1e-6 : c.z;
    vec2 n = c.xy / z;
    float r2 = dot(n, n);
    float radial = 1.0 + r2 * (distortion.x + r2 * (distortion.y + r2 * k3));
    vec2 d = vec2(n.x * radial + 2.0 * distortion.z * n.x * n.y + distortion.w * (r2 + 2.0 * n.x * n.x),
                  n.y * radial + distortion.z * (r2 + 2.0 * n.y * n.y) + 2.0 * distortion.w * n.x * n.y);
    vec2 pixel = vec2(intrinsics.x * d.x + skew * d.y + intrinsics.z, intrinsics.y * d.y + intrinsics.w);
    vec2 ndc = (pixel + 0.5) / imageSize * 2.0 - 1.0;
    float depth = (c.z - nearFar.x) / (nearFar.y - nearFar.x) * 2.0 - 1.0;
    // w = camera z: behind the camera w < 0 and the triangle is clipped.
    return vec4(ndc * c.z, depth * c.z, c.z);
}

void main()
{
    Vertex v = vertices[indices[gl_VertexID]];
    worldNormal = v.normal;
    colour = unpackUnorm4x8(v.colour);
    gl_Position = projectToClip(v.position);
}
