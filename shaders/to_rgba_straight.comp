#version 450 core
// Programme picture → straight-alpha RGBA, 8 bits (NDI RGBA with alpha, ProRes 4444 through swscale): the
// compositor's premultiplied colour divided by alpha with the integer rounding of Compositor.Unpremultiply,
// colour = min(255, (c·255 + a/2) / a), and all zero where alpha is 0, so GPU and CPU give the same bytes.
layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2D source;
layout(std430, binding = 0) writeonly buffer Output { uint words[]; };

uniform ivec2 size; // output width and height, pixels

void main()
{
    ivec2 p = ivec2(gl_GlobalInvocationID.xy);
    if (p.x >= size.x || p.y >= size.y)
        return;
    uvec4 v = uvec4(round(texelFetch(source, p, 0) * 255.0));
    uint a = v.a;
    uvec3 c = a == 0u ? uvec3(0u) : min(uvec3(255u), (v.rgb * 255u + uvec3(a / 2u)) / a);
    words[p.y * size.x + p.x] = c.r | (c.g << 8) | (c.b << 16) | (a << 24);
}
