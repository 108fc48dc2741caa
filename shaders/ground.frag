#version 450 core
// The floor's colour, a one-metre grid, and the shadows of the bodies: each shadow caster is a capsule already
// projected onto the floor along the light (a 2D segment and its radius), and a fragment is darkened by the
// nearest one with a soft edge (a sun's penumbra). The square fades out towards its edge so the floor has no
// hard border. Athlete meshes (issue #18) cast theirs through a mask: their triangles flattened onto the floor along
// the light and rasterised over the square (mesh_shadow.vert), sampled here with a small soft edge. Premultiplied output.
struct Shadow
{
    vec4 segment;  // x0, y0, x1, y1 on the floor, metres
    vec4 radius;   // x: radius, metres
};
layout(std430, binding = 0) readonly buffer Shadows { Shadow shadows[]; };

uniform vec3 centre;
uniform float halfSize;
uniform vec4 floorColour;  // straight RGBA
uniform vec4 gridColour;   // straight RGBA
uniform float shadowStrength;
uniform int shadowCount;
uniform int meshShadowOn;          // 1: sample meshShadow
uniform sampler2D meshShadow;      // 1 where a mesh's shadow falls; covers the square (centre ± halfSize)
uniform float meshShadowTexel;     // one texel of the mask, in its texture coordinates

in vec2 floorPoint;
out vec4 fragment;

void main()
{
    vec2 p = floorPoint;
    // Grid lines one metre apart, about a pixel wide at any distance.
    vec2 toLine = abs(fract(p + 0.5) - 0.5) / max(fwidth(p), vec2(1e-5));
    float line = 1.0 - clamp(min(toLine.x, toLine.y), 0.0, 1.0);
    vec3 colour = mix(floorColour.rgb, gridColour.rgb, line * gridColour.a);
    float shadow = 0.0;
    for (int i = 0; i < shadowCount; i++)
    {
        vec2 a = shadows[i].segment.xy, b = shadows[i].segment.zw;
        vec2 ab = b - a;
        float t = dot(ab, ab) > 1e-10 ? clamp(dot(p - a, ab) / dot(ab, ab), 0.0, 1.0) : 0.0;
        float r = shadows[i].radius.x;
        float d = length(p - (a + t * ab));
        shadow = max(shadow, 1.0 - smoothstep(0.6 * r, 1.4 * r, d));
    }
    if (meshShadowOn != 0)
    {
        // Four bilinear taps a texel off the centre: a penumbra of about three texels (a few centimetres), like the
        // capsules' soft edge, without the mask's stair steps.
        vec2 uv = (p - centre.xy) / halfSize * 0.5 + 0.5;
        float t = meshShadowTexel;
        float mask = 0.25 * (texture(meshShadow, uv + vec2(-t, -t)).r + texture(meshShadow, uv + vec2(t, -t)).r
                           + texture(meshShadow, uv + vec2(-t, t)).r + texture(meshShadow, uv + vec2(t, t)).r);
        shadow = max(shadow, mask);
    }
    colour *= 1.0 - shadowStrength * shadow;
    float edge = max(abs(p.x - centre.x), abs(p.y - centre.y)) / halfSize;
    float alpha = floorColour.a * (1.0 - smoothstep(0.75, 1.0, edge));
    fragment = vec4(colour * alpha, alpha);
}
