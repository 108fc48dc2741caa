#version 450 core
// Athlete meshes (issue #18): indexed triangles pulled from storage buffers by gl_VertexID (no vertex arrays, as
// every pass here), each vertex projected through the render camera with OpenCV lens distortion exactly as the 3D
// overlays (scene3d.vert) and the floor (ground.vert) do, with the same code (camera.glsl), so a mesh stands on the
// floor and under the skeleton.
#include "camera.glsl"

struct Vertex
{
    vec3 position;  // world metres
    uint colour;    // RGBA8, R in the lowest byte, straight alpha
    vec3 normal;    // world, unit (area-weighted mean of the faces around the vertex)
    float unused;
};
layout(std430, binding = 0) readonly buffer Vertices { Vertex vertices[]; };
layout(std430, binding = 1) readonly buffer Indices { uint indices[]; };

out vec3 worldNormal;
out vec4 colour;

void main()
{
    Vertex v = vertices[indices[gl_VertexID]];
    worldNormal = v.normal;
    colour = unpackUnorm4x8(v.colour);
    gl_Position = projectToClip(v.position);
}
