#version 450 core
// Shading of the 3D overlay: Lambert from a light at the camera plus ambient; premultiplied output.
in vec3 cameraNormal;
in vec4 color;
flat in int shaded;
out vec4 fragment;

void main()
{
    float shade = 1.0;
    if (shaded != 0)
    {
        vec3 n = normalize(cameraNormal);
        // The camera looks along +z: surfaces facing it have n.z < 0. A little light from above (-y) adds relief.
        float lambert = max(dot(n, normalize(vec3(0.0, -0.4, -1.0))), 0.0);
        shade = 0.3 + 0.7 * lambert;
    }
    fragment = vec4(color.rgb * shade * color.a, color.a);
}
