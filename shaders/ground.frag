#version 450 core
// The floor's colour, a one-metre grid, and the shadows of the bodies. Capsule casters come as a mask over the
// rectangle of the floor they darken (capsule_shadow.vert: each capsule projected onto the floor along the light,
// with a soft edge, a sun's penumbra, the darkest caster winning), sampled once per fragment. Athlete meshes (issue
// #18) cast theirs through a second mask: their triangles flattened onto the floor along the light and rasterised
// over the square (mesh_shadow.vert), sampled here with a small soft edge. The square fades out towards its edge so
// the floor has no hard border. Premultiplied output.
uniform vec3 centre;
uniform float halfSize;
uniform vec4 floorColour;  // straight RGBA
uniform vec4 gridColour;   // straight RGBA
uniform float shadowStrength;
uniform int capsuleShadowOn;       // 1: sample capsuleShadow
uniform sampler2D capsuleShadow;   // the capsules' shadow, 0-1, over capsuleRect
uniform vec4 capsuleRect;          // xy: the floor point at the mask's corner (texture 0, 0), metres; zw: 1 / its size
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
    // Beyond the rectangle the edge texels are sampled, and those are 0: it reaches past every shadow's soft edge.
    if (capsuleShadowOn != 0)
        shadow = texture(capsuleShadow, (p - capsuleRect.xy) * capsuleRect.zw).r;
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
