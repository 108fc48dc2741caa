#version 450 core
// Pose/detector input stage on the GPU: affine crop of an RGBA8 frame with bilinear sampling, normalisation and
// layout conversion into one image slot of a float tensor. The C# reference is
// Broadcast3D.Tracking.Preprocessing.ImagePreprocessor.CropToTensor, which this must equal within 1e-3:
// pixel centres at integers, taps outside the image read padValue, taps accumulated in the same order,
// (value - mean) * (1 / std) per tensor channel, NCHW or NHWC, RGB or BGR.
// The affine map is evaluated in double: a float position near x = 2000 px has a 2.4e-4 px step, which would
// move bilinear weights by up to 0.06 of 255 and break the 1e-3 tolerance when std is 1.
layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2D frame;   // RGBA8, row 0 = top image row; read with texelFetch only
layout(std430, binding = 0) writeonly buffer Tensor { float tensor[]; };
layout(std430, binding = 1) readonly buffer Affine { double affine[6]; };   // M11 M12 M13 M21 M22 M23

uniform ivec2 imageSize;      // frame width, height in pixels
uniform ivec2 tensorSize;     // tensor width, height
uniform uint outputOffset;    // first float of this image's slot in the tensor
uniform vec3 mean;            // per tensor channel, 0-255 units
uniform vec3 inverseStd;      // 1 / std per tensor channel (as the reference computes it)
uniform float padValue;       // 0-255 value of taps outside the frame
uniform int nchw;             // 1: planes, 0: interleaved
uniform int bgr;              // 1: tensor channel 0 is blue

vec3 tap(int x, int y)
{
    if (x < 0 || y < 0 || x >= imageSize.x || y >= imageSize.y)
        return vec3(padValue);
    // Unorm8 texels come back as n/255: scale and round to recover the exact byte.
    return round(texelFetch(frame, ivec2(x, y), 0).rgb * 255.0);
}

void main()
{
    ivec2 uv = ivec2(gl_GlobalInvocationID.xy);
    if (uv.x >= tensorSize.x || uv.y >= tensorSize.y)
        return;
    double x = affine[0] * double(uv.x) + affine[1] * double(uv.y) + affine[2];
    double y = affine[3] * double(uv.x) + affine[4] * double(uv.y) + affine[5];
    double fx0 = floor(x), fy0 = floor(y);
    int x0 = int(fx0), y0 = int(fy0);
    float fx = float(x - fx0), fy = float(y - fy0);

    vec3 rgb = vec3(0.0);
    rgb += tap(x0, y0) * ((1.0 - fx) * (1.0 - fy));
    rgb += tap(x0 + 1, y0) * (fx * (1.0 - fy));
    rgb += tap(x0, y0 + 1) * ((1.0 - fx) * fy);
    rgb += tap(x0 + 1, y0 + 1) * (fx * fy);

    vec3 ordered = bgr != 0 ? rgb.bgr : rgb;
    vec3 n = (ordered - mean) * inverseStd;
    uint p = uint(uv.y * tensorSize.x + uv.x);
    if (nchw != 0)
    {
        uint plane = uint(tensorSize.x * tensorSize.y);
        tensor[outputOffset + p] = n.x;
        tensor[outputOffset + plane + p] = n.y;
        tensor[outputOffset + 2u * plane + p] = n.z;
    }
    else
    {
        tensor[outputOffset + 3u * p] = n.x;
        tensor[outputOffset + 3u * p + 1u] = n.y;
        tensor[outputOffset + 3u * p + 2u] = n.z;
    }
}
