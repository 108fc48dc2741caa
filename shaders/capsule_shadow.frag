#version 450 core
// One capsule's shadow into the floor's capsule mask, blended by MAX (the darkest caster wins, as the floor's
// former per-fragment loop did): 1 within 0.6 radii of the segment, 0 beyond 1.4 radii, a smoothstep between (a sun's
// penumbra).
struct Shadow
{
    vec4 segment;  // x0, y0, x1, y1 on the floor, metres
    vec4 radius;   // x: radius, metres
};
layout(std430, binding = 0) readonly buffer Shadows { Shadow shadows[]; };

in vec2 floorPoint;
flat in int caster;
out vec4 fragment;

void main()
{
    vec2 a = shadows[caster].segment.xy, b = shadows[caster].segment.zw;
    vec2 ab = b - a;
    float t = dot(ab, ab) > 1e-10 ? clamp(dot(floorPoint - a, ab) / dot(ab, ab), 0.0, 1.0) : 0.0;
    float r = shadows[caster].radius.x;
    float d = length(floorPoint - (a + t * ab));
    fragment = vec4(1.0 - smoothstep(0.6 * r, 1.4 * r, d));
}
