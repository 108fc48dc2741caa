#version 450 core
// Video plate at its own size (plate and target equally large, the common case): Y'CbCr 4:2:0 planes (three planes
// or NV12; 8 or 10 bits) to R'G'B' written straight into the render target, the same conversion as plate.frag.
// Each invocation converts an 8×2 block of pixels (four chroma texels), with the bilinear weights of centre siting
// fixed (a luma pixel sits a quarter chroma texel from its chroma texel's centre: 3/4 of its own texel, 1/4 of the
// neighbour's on each axis), so the block reads 16 luma + 36 chroma texels where 16 fragments of plate.frag
// filter 48 bilinear samples (192 texels). Larger blocks than 2×2 share the neighbours and cut llvmpipe's cost per
// invocation, as in to_yuv420p.comp. On llvmpipe a fragment pass also pays for
// rasterising and blending the whole target; this kernel writes each pixel once (docs/drawspeed.md).
layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2D lumaPlane;   // R8, or R16 holding 10-bit codes
layout(binding = 1) uniform sampler2D chromaPlane; // R8 or R16 (Cb), or RG8 (CbCr for NV12)
layout(binding = 2) uniform sampler2D crPlane;     // R8 or R16 (Cr), unused for NV12
layout(rgba8, binding = 0) writeonly uniform image2D target;

uniform float sampleScale;  // 1 for 8-bit planes; 65535/1020 for 10-bit codes in R16 (code/1020 = 8-bit code/255)
uniform vec3 rangeOffset;   // subtracted from (Y', Cb, Cr) in 0..1 units
uniform vec3 rangeScale;    // then multiplied
uniform vec4 matrix;        // R = Y + m.x Cr; G = Y - m.y Cb - m.z Cr; B = Y + m.w Cb

vec2 chromaAt(ivec2 c, ivec2 last)
{
    // Clamped to the plane's edge as the sampler's CLAMP_TO_EDGE does.
    c = clamp(c, ivec2(0), last);
#ifdef NV12
    return texelFetch(chromaPlane, c, 0).rg;
#else
    return vec2(texelFetch(chromaPlane, c, 0).r, texelFetch(crPlane, c, 0).r);
#endif
}

vec4 convert(float luma, vec2 chroma)
{
    vec3 ycc = (vec3(luma, chroma) * sampleScale - rangeOffset) * rangeScale;
    vec3 rgb = vec3(ycc.x + matrix.x * ycc.z,
                    ycc.x - matrix.y * ycc.y - matrix.z * ycc.z,
                    ycc.x + matrix.w * ycc.y);
    return vec4(clamp(rgb, 0.0, 1.0), 1.0);
}

void main()
{
    // Chroma texels (cx0 .. cx0 + 3, cy) and their neighbours feed the block's 8×2 pixels.
    ivec2 c0 = ivec2(gl_GlobalInvocationID.x * 4, gl_GlobalInvocationID.y);
    ivec2 size = imageSize(target);
    if (c0.x * 2 >= size.x || c0.y * 2 >= size.y)
        return;
    ivec2 last = textureSize(chromaPlane, 0) - 1;
    vec2 above[6], row[6], below[6];
    for (int i = 0; i < 6; i++)
    {
        above[i] = chromaAt(c0 + ivec2(i - 1, -1), last);
        row[i] = chromaAt(c0 + ivec2(i - 1, 0), last);
        below[i] = chromaAt(c0 + ivec2(i - 1, 1), last);
    }
    for (int i = 0; i < 4; i++)
    {
        // Column i + 1 of the arrays is the block's own texel; the pixel on its left takes 1/4 of column i, the one
        // on its right of column i + 2; the top row 1/4 of the row above, the bottom row of the row below.
        vec2 topLeft = 0.5625 * row[i + 1] + 0.1875 * (row[i] + above[i + 1]) + 0.0625 * above[i];
        vec2 topRight = 0.5625 * row[i + 1] + 0.1875 * (row[i + 2] + above[i + 1]) + 0.0625 * above[i + 2];
        vec2 bottomLeft = 0.5625 * row[i + 1] + 0.1875 * (row[i] + below[i + 1]) + 0.0625 * below[i];
        vec2 bottomRight = 0.5625 * row[i + 1] + 0.1875 * (row[i + 2] + below[i + 1]) + 0.0625 * below[i + 2];
        ivec2 p = ivec2(c0.x + i, c0.y) * 2;
        if (p.x >= size.x)
            return;
        imageStore(target, p, convert(texelFetch(lumaPlane, p, 0).r, topLeft));
        imageStore(target, p + ivec2(1, 0), convert(texelFetch(lumaPlane, p + ivec2(1, 0), 0).r, topRight));
        imageStore(target, p + ivec2(0, 1), convert(texelFetch(lumaPlane, p + ivec2(0, 1), 0).r, bottomLeft));
        imageStore(target, p + ivec2(1, 1), convert(texelFetch(lumaPlane, p + ivec2(1, 1), 0).r, bottomRight));
    }
}
