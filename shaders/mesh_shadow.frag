#version 450 core
// Marks a texel of the floor's shadow mask as shadowed. Written, not blended: where several layers of a body fall
// on one texel the shadow is as dark as one layer.
out vec4 fragment;

void main()
{
    fragment = vec4(1.0);
}
