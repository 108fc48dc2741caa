#version 450 core
// The shadow of athlete meshes on a flat floor: every vertex is moved along the sun's direction onto the floor
// plane, and the flattened triangles are rasterised into a mask texture that covers the floor square (the floor's
// x, y become the mask's clip x, y). ground.frag then darkens the floor where the mask is set. Same vertex layout
// as mesh.vert.
struct Vertex
{
    vec3 position;
    uint colour;
    vec3 normal;
    float unused;
};
layout(std430, binding = 0) readonly buffer Vertices { Vertex vertices[]; };
layout(std430, binding = 1) readonly buffer Indices { uint indices[]; };

uniform vec3 centre;          // centre of the floor square, world metres (its z is the floor's height)
uniform float halfSize;       // metres
uniform vec3 lightDirection;  // the way the light travels (z < 0)

void main()
{
    vec3 p = vertices[indices[gl_VertexID]].position;
    // A point under the floor is its own shadow: projecting it back up along the light would throw it the wrong way.
    float along = (centre.z - p.z) / lightDirection.z;
    vec2 onFloor = p.z > centre.z ? p.xy + lightDirection.xy * along : p.xy;
    gl_Position = vec4((onFloor - centre.xy) / halfSize, 0.0, 1.0);
}
