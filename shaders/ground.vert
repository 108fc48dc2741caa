#version 450 core
// The ground of a virtual-camera view: a square of the floor plane (z = height), tessellated into a grid from
// gl_VertexID (no vertex buffer) so every vertex takes the same projection and lens distortion as the 3D overlays
// (scene3d.vert) and the bodies stand on it at the right depth.
uniform mat4 worldToCamera;
uniform vec4 intrinsics;   // fx, fy, cx, cy (pixels of the camera image)
uniform float skew;
uniform vec4 distortion;   // k1, k2, p1, p2
uniform float k3;
uniform vec2 imageSize;    // camera image size (pixels)
uniform vec2 nearFar;      // metres
uniform vec3 centre;       // centre of the square, world metres (its z is the floor's height)
uniform float halfSize;    // metres
uniform int cells;         // cells per side

out vec2 floorPoint;       // world x, y of the fragment

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
    return vec4(ndc * c.z, depth * c.z, c.z);
}

void main()
{
    int cell = gl_VertexID / 6, corner = gl_VertexID % 6;
    ivec2 q = ivec2(corner == 1 || corner == 2 || corner == 4 ? 1 : 0, corner == 2 || corner == 4 || corner == 5 ? 1 : 0);
    vec2 uv = (vec2(cell % cells, cell / cells) + vec2(q)) / float(cells);
    floorPoint = centre.xy + (uv * 2.0 - 1.0) * halfSize;
    gl_Position = projectToClip(vec3(floorPoint, centre.z));
}
