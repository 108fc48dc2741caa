#version 450 core
// Programme picture → UYVY (packed 4:2:2: Cb, Y0, Cr, Y1 per pixel pair), BT.709 limited range, 8 bits: NDI's
// native format. Input as to_yuv420p.comp: premultiplied RGBA, its RGB used as is (composited over black).
// Chroma siting: each Cb/Cr sample converts the average RGB of its 2×1 pair (centre siting); BT.709/SMPTE 274M
// "co-sited" 4:2:2 puts it on the left pixel of the pair, half a pixel away. We keep the average because it does
// not alias on the one-pixel lines of graphics.
layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2D source;
layout(std430, binding = 0) writeonly buffer Output { uint words[]; };

uniform ivec2 size; // output width (even) and height, pixels

const vec3 lumaWeights = vec3(0.2126, 0.7152, 0.0722);

uint toByte(float v) { return uint(clamp(floor(v + 0.5), 0.0, 255.0)); }

void main()
{
    ivec2 pair = ivec2(gl_GlobalInvocationID.xy);
    if (pair.x * 2 >= size.x || pair.y >= size.y)
        return;
    vec3 left = texelFetch(source, ivec2(pair.x * 2, pair.y), 0).rgb;
    vec3 right = texelFetch(source, ivec2(pair.x * 2 + 1, pair.y), 0).rgb;
    vec3 rgb = (left + right) * 0.5;
    float y = dot(rgb, lumaWeights);
    uint cb = toByte(128.0 + 224.0 * (rgb.b - y) / 1.8556);
    uint cr = toByte(128.0 + 224.0 * (rgb.r - y) / 1.5748);
    uint y0 = toByte(16.0 + 219.0 * dot(left, lumaWeights));
    uint y1 = toByte(16.0 + 219.0 * dot(right, lumaWeights));
    words[pair.y * (size.x / 2) + pair.x] = cb | (y0 << 8) | (cr << 16) | (y1 << 24);
}
