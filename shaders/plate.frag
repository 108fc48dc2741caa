#version 450 core
// Video plate: Y'CbCr planes (4:2:0, three planes or NV12; 8 or 10 bits) to R'G'B' in the shader. Chroma is
// sampled bilinearly at the luma position (centre siting); the matrix and range come from uniforms (BT.709 limited
// by default).
in vec2 uv;
out vec4 fragment;

layout(binding = 0) uniform sampler2D lumaPlane;   // R8, or R16 holding 10-bit codes
layout(binding = 1) uniform sampler2D chromaPlane; // R8 or R16 (Cb), or RG8 (CbCr for NV12)
layout(binding = 2) uniform sampler2D crPlane;     // R8 or R16 (Cr), unused for NV12

uniform int nv12;
uniform float sampleScale;  // 1 for 8-bit planes; 65535/1020 for 10-bit codes in R16 (code/1020 = 8-bit code/255)
uniform vec3 rangeOffset;   // subtracted from (Y', Cb, Cr) in 0..1 units
uniform vec3 rangeScale;    // then multiplied
uniform vec4 matrix;        // R = Y + m.x Cr; G = Y - m.y Cb - m.z Cr; B = Y + m.w Cb

// Privacy (issue #21): people who must not be recognisable are blurred here, before any overlay is drawn over the
// picture. The PRIVACY_BLUR variant is drawn scissored to one region at a time, after the plain variant drew the
// whole plate; inside the region it upsamples (bilinearly) the blurred Y'CbCr blocks privacy_blur.frag made, whose
// values are already in 8-bit units (× sampleScale). The mean is taken on Y'CbCr, which the affine conversion below
// turns into the mean colour. A shader holding a blur loop loses llvmpipe's fast path for every pixel it draws,
// hence the variant and the scissor. The scissor's edge pixels outside the region are discarded, not drawn plain:
// they may lie inside another region blurred before (overlapping people, a mask's slices).
#ifdef PRIVACY_BLUR
layout(binding = 3) uniform sampler2D blurred;
uniform vec4 privacyRegion; // x0, y0, x1, y1 in uv (0..1, top-left origin)
uniform vec2 blurredScale;  // plate uv to the blurred texture's uv
#endif

vec2 chromaAt(vec2 at)
{
    return nv12 != 0 ? texture(chromaPlane, at).rg : vec2(texture(chromaPlane, at).r, texture(crPlane, at).r);
}

void main()
{
    vec3 samples;
#ifdef PRIVACY_BLUR
    if (any(lessThan(uv, privacyRegion.xy)) || any(greaterThanEqual(uv, privacyRegion.zw)))
        discard;
    samples = texture(blurred, uv * blurredScale).rgb;
#else
    samples = vec3(texture(lumaPlane, uv).r, chromaAt(uv)) * sampleScale;
#endif
    vec3 ycc = (samples - rangeOffset) * rangeScale;
    vec3 rgb = vec3(ycc.x + matrix.x * ycc.z,
                    ycc.x - matrix.y * ycc.y - matrix.z * ycc.z,
                    ycc.x + matrix.w * ycc.y);
    fragment = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
