#version 450 core
// The ground of a virtual-camera view: a square of the floor plane (z = height), tessellated into a grid from
// gl_VertexID (no vertex buffer) so every vertex takes the same projection and lens distortion as the 3D overlays
// (camera.glsl) and the bodies stand on it at the right depth.
#include "camera.glsl"

uniform vec3 centre;       // centre of the square, world metres (its z is the floor's height)
uniform float halfSize;    // metres
uniform int cells;         // cells per side

out vec2 floorPoint;       // world x, y of the fragment

void main()
{
    int cell = gl_VertexID / 6, corner = gl_VertexID % 6;
    ivec2 q = ivec2(corner == 1 || corner == 2 || corner == 4 ? 1 : 0, corner == 2 || corner == 4 || corner == 5 ? 1 : 0);
    vec2 uv = (vec2(cell % cells, cell / cells) + vec2(q)) / float(cells);
    floorPoint = centre.xy + (uv * 2.0 - 1.0) * halfSize;
    gl_Position = projectToClip(vec3(floorPoint, centre.z));
}
