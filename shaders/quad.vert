#version 450 core
// 2D graphics: instanced rectangles in target pixels (origin top-left), solid, image or glyph.
struct Quad
{
    vec4 rect;   // x, y, width, height in target pixels (a line: x0, y0, x1, y1)
    vec4 uv;     // u0, v0, u1, v1 in the bound texture (a line: x is its width in pixels)
    vec4 color;  // straight RGBA
    vec4 mode;   // x: 0 solid, 1 image (premultiplied RGBA texture), 2 glyph (R8 coverage), 3 solid line
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
    if (q.mode.x == 3.0)
    {
        // A line: the quad along the segment, half the width either side and past each end (square caps).
        vec2 d = q.rect.zw - q.rect.xy;
        float len = length(d);
        vec2 along = len > 0.0 ? d / len : vec2(1.0, 0.0);
        vec2 across = vec2(-along.y, along.x);
        float halfWidth = q.uv.x * 0.5;
        pixel = q.rect.xy - (along * halfWidth) + (c.x * (d + (2.0 * halfWidth * along))) + (((2.0 * c.y) - 1.0) * halfWidth * across);
    }
    texCoord = mix(q.uv.xy, q.uv.zw, c);
    color = q.color;
    mode = int(q.mode.x);
    gl_Position = vec4(pixel / targetSize * 2.0 - 1.0, 0.0, 1.0);
}
