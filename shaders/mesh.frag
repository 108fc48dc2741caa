#version 450 core
// Athlete mesh shading: the vertex colour lit by the floor's sun (Lambert) over an ambient term, so the side facing
// the sun is brighter and the body reads as a solid in any view; the shadow it casts on the floor comes from the
// same sun (ground.frag). Premultiplied output.
uniform vec3 towardsLight;  // unit, world: from the surface towards the sun
uniform float ambient;      // 0–1: the share of light every surface gets

in vec3 worldNormal;
in vec4 colour;
out vec4 fragment;

void main()
{
    // A zero normal (a vertex of degenerate triangles only) lights as ambient rather than turning NaN.
    float len = length(worldNormal);
    float lambert = len > 1e-6 ? max(dot(worldNormal / len, towardsLight), 0.0) : 0.0;
    float shade = ambient + (1.0 - ambient) * lambert;
    fragment = vec4(colour.rgb * shade * colour.a, colour.a);
}
