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
// picture: inside a region each pixel is the mean of 8×8 samples spread over a window a 20th of the picture high
// (a box blur that wipes out faces, numbers and hair; 4×4 samples alias a fine pattern instead of removing it). The mean is taken on Y'CbCr, which the affine conversion
// below turns into the mean colour. Compiled only into the PRIVACY_BLUR variant, which the pass draws scissored to
// each region after the plain variant drew the whole plate: on a software rasteriser (llvmpipe) a plate drawn by a
// shader holding this loop cost 4× the plain one over the whole frame (6.8 → 27 ms at 272×480), region or not.
#ifdef PRIVACY_BLUR
const int MaxPrivacyRegions = 16;
uniform int privacyRegionCount;
uniform vec4 privacyRegions[MaxPrivacyRegions]; // x0, y0, x1, y1 in uv (0..1, top-left origin)
uniform vec2 privacyWindow;                     // blur window in uv
#endif

vec2 chromaAt(vec2 at)
{
    return nv12 != 0 ? texture(chromaPlane, at).rg : vec2(texture(chromaPlane, at).r, texture(crPlane, at).r);
}

void main()
{
    float y;
    vec2 c;
#ifdef PRIVACY_BLUR
    bool blurred = false;
    for (int i = 0; i < privacyRegionCount; i++)
    {
        vec4 r = privacyRegions[i];
        if (all(greaterThanEqual(uv, r.xy)) && all(lessThan(uv, r.zw)))
        {
            blurred = true;
            break;
        }
    }
    if (blurred)
    {
        y = 0.0;
        c = vec2(0.0);
        vec2 step = privacyWindow / 8.0;
        for (int i = 0; i < 8; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                vec2 at = uv + (vec2(i, j) - 3.5) * step;
                y += texture(lumaPlane, at).r;
                c += chromaAt(at);
            }
        }
        y /= 64.0;
        c /= 64.0;
    }
    else
#endif
    {
        y = texture(lumaPlane, uv).r;
        c = chromaAt(uv);
    }
    vec3 ycc = (vec3(y, c) * sampleScale - rangeOffset) * rangeScale;
    vec3 rgb = vec3(ycc.x + matrix.x * ycc.z,
                    ycc.x - matrix.y * ycc.y - matrix.z * ycc.z,
                    ycc.x + matrix.w * ycc.y);
    fragment = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
