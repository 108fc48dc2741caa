#version 450 core
// Premultiplied output. Glyph coverage is used as linear alpha (no gamma), the usual broadcast CG convention.
in vec2 texCoord;
in vec4 color;
flat in int mode;
out vec4 fragment;

layout(binding = 0) uniform sampler2D glyphAtlas;  // R8 coverage
layout(binding = 1) uniform sampler2D image;       // RGBA8, premultiplied

void main()
{
    vec4 premultiplied = vec4(color.rgb * color.a, color.a);
    if (mode == 1)
        fragment = texture(image, texCoord) * color.a;
    else if (mode == 2)
        fragment = premultiplied * texture(glyphAtlas, texCoord).r;
    else
        fragment = premultiplied;
}
