#version 450 core
// The floor shadows of capsules (body segments already projected onto the floor along the light: a 2D segment and its
// radius) rasterised into a mask over a rectangle of the floor, so the floor's fragments sample one texel instead of
// looping over every caster (ground.frag). Each caster is one rectangle of two triangles, 6 vertices from gl_VertexID,
// aligned with its segment and reaching past it as far as its soft edge does (1.4 radii) plus one texel.
struct Shadow
{
    vec4 segment;  // x0, y0, x1, y1 on the floor, metres
    vec4 radius;   // x: radius, metres
};
layout(std430, binding = 0) readonly buffer Shadows { Shadow shadows[]; };

uniform vec4 maskRect;   // xy: the floor point at the mask's corner (texture 0, 0), metres; zw: 1 / the rectangle's size
uniform float texel;     // a texel's larger side, metres

out vec2 floorPoint;
flat out int caster;

void main()
{
    caster = gl_VertexID / 6;
    int corner = gl_VertexID % 6;
    vec2 a = shadows[caster].segment.xy, b = shadows[caster].segment.zw;
    float reach = 1.4 * shadows[caster].radius.x + texel;
    vec2 ab = b - a;
    float length2 = dot(ab, ab);
    vec2 along = length2 > 1e-10 ? ab * inversesqrt(length2) : vec2(1.0, 0.0);
    vec2 across = vec2(-along.y, along.x);
    // Corners 0..5: (a, -), (b, -), (b, +), (a, -), (b, +), (a, +).
    bool atB = corner == 1 || corner == 2 || corner == 4;
    bool plus = corner == 2 || corner == 4 || corner == 5;
    floorPoint = (atB ? b + along * reach : a - along * reach) + across * (plus ? reach : -reach);
    gl_Position = vec4((floorPoint - maskRect.xy) * maskRect.zw * 2.0 - 1.0, 0.0, 1.0);
}
