// The calibrated camera of the 3D passes (scene3d.vert, ground.vert, mesh.vert include it; CameraUniforms.SetCamera
// sets it): pose, pinhole intrinsics with skew, OpenCV (Brown–Conrady) lens distortion, image size and depth range.
// One copy, so equal points get equal pixels and depths in every pass: graphics sit on the athlete in the real
// picture and the bodies stand on the floor. Pixel convention: centres at integers, row 0 at the top (NDC y = -1).
uniform mat4 worldToCamera;
uniform vec4 intrinsics;   // fx, fy, cx, cy (pixels of the camera image)
uniform float skew;
uniform vec4 distortion;   // k1, k2, p1, p2
uniform float k3;
uniform vec2 imageSize;    // camera image size (pixels)
uniform vec2 nearFar;      // metres

// World metres to clip space through the distorting lens. w = camera z: behind the camera w < 0 and the primitive
// is clipped.
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
