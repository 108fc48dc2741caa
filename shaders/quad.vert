#version 450 core
// 2D graphics: instanced rectangles in target pixels (origin top-left), solid, image or glyph.
struct Quad
{
    vec4 rect;   // x, y, width, height in target pixels
    vec4 uv;     // u0, v0, u1, v1 in the bound texture
    vec4 color;  // straight RGBA
    vec4 mode;   // x: 0 solid, 1 image (premultiplied RGBA texture), 2 glyph (R8 coverage)
};
layout(std430, binding = 0) readonly buffer Quads { Quad quads[]; };

uniform vec2 targetSize;
uniform int quadOffset; // first quad of this draw in the buffer

out vec2 texCoord;
out vec4 color;
flat out int mode;

void main()
{
    Quad q = quads[quadOffset + gl_InstanceID];
    int corner = gl_VertexID % 6;
    vec2 c = vec2(corner == 1 || corner == 2 || corner == 4 ? 1.0 : 0.0, corner == 2 || corner == 4 || corner == 5 ? 1.0 : 0.0);
    vec2 pixel = q.rect.xy + c * q.rect.zw;
    texCoord = mix(q.uv.xy, q.uv.zw, c);
    color = q.color;
    mode = int(q.mode.x);
    gl_Position = vec4(pixel / targetSize * 2.0 - 1.0, 0.0, 1.0);
}
