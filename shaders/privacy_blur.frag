#version 450 core
// Privacy blur (issue #21) at reduced resolution, separable. The blurred picture is built in a small scratch
// texture whose texel is a block of `blockSize` × `blockSize` plate pixels (an 8th of the blur window): DOWNSAMPLE
// averages each block of the plate's Y'CbCr, then BLUR (run twice, along x then y) averages 8 bilinear taps, a
// [1 2 2 2 2 2 2 2 1]/16 kernel over 9 texels; plate.frag's PRIVACY_BLUR variant upsamples the result bilinearly.
// On a software rasteriser the 64 full-resolution taps per pixel this replaces cost ~13 ms per athlete at 272×480;
// here a region costs ~one fetch per output pixel plus a few per block. Every draw is scissored to the regions, and
// gl_FragCoord (not the fullscreen uv) addresses texels, so the scratch texture may be larger than the blocks used.
out vec4 fragment;

#ifdef DOWNSAMPLE
layout(binding = 0) uniform sampler2D lumaPlane;
layout(binding = 1) uniform sampler2D chromaPlane;
layout(binding = 2) uniform sampler2D crPlane;
uniform int nv12;
uniform float sampleScale; // as plate.frag: 10-bit codes in R16 rescaled to 8-bit units, so the 8-bit scratch keeps them
uniform vec2 plateSize;    // pixels
uniform int blockSize;     // plate pixels per scratch texel, ≥ 2

void main()
{
    // Bilinear taps at every other pixel corner of the block: each averages exactly 2×2 pixels, so the block mean
    // covers every pixel once. Point samples spaced wider than a pixel alias a fine pattern (a 2-pixel checkerboard
    // turns into stripes) instead of removing it.
    vec2 origin = floor(gl_FragCoord.xy) * float(blockSize);
    int taps = (blockSize + 1) / 2;
    vec3 sum = vec3(0.0);
    for (int i = 0; i < taps; i++)
    {
        for (int j = 0; j < taps; j++)
        {
            vec2 at = (origin + vec2(2 * i + 1, 2 * j + 1)) / plateSize;
            vec2 c = nv12 != 0 ? texture(chromaPlane, at).rg : vec2(texture(chromaPlane, at).r, texture(crPlane, at).r);
            sum += vec3(texture(lumaPlane, at).r, c);
        }
    }
    fragment = vec4(sum / float(taps * taps) * sampleScale, 1.0);
}
#endif

#ifdef BLUR
layout(binding = 0) uniform sampler2D source; // the scratch texture, bilinear
uniform vec2 direction;                       // (1, 0) or (0, 1)

void main()
{
    // Taps on the boundaries between texels i-4+k and i-3+k (k = 0..7): each a 2-texel mean.
    vec2 size = vec2(textureSize(source, 0));
    vec3 sum = vec3(0.0);
    for (int k = 0; k < 8; k++)
        sum += texture(source, (gl_FragCoord.xy + direction * (float(k) - 3.5)) / size).rgb;
    fragment = vec4(sum / 8.0, 1.0);
}
#endif
