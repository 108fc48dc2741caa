#version 450 core
// Doctor self-test: proves compute dispatch, shared memory and storage buffers work.
// out[i] = in[i] * 2 + (sum of the work group's inputs), 64 invocations per group.
layout(local_size_x = 64) in;

layout(std430, binding = 0) readonly buffer Input { float inputs[]; };
layout(std430, binding = 1) writeonly buffer Output { float outputs[]; };

shared float groupSum[64];

void main()
{
    uint i = gl_GlobalInvocationID.x;
    uint l = gl_LocalInvocationID.x;
    groupSum[l] = inputs[i];
    barrier();
    for (uint stride = 32u; stride > 0u; stride >>= 1u)
    {
        if (l < stride)
            groupSum[l] += groupSum[l + stride];
        barrier();
    }
    outputs[i] = inputs[i] * 2.0 + groupSum[0];
}
