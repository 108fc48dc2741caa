#version 450 core
// One triangle covering the target; uv (0,0) is the top-left of the picture (row 0 at NDC y = -1).
out vec2 uv;

void main()
{
    vec2 p = vec2(gl_VertexID == 1 ? 3.0 : -1.0, gl_VertexID == 2 ? 3.0 : -1.0);
    uv = (p + 1.0) * 0.5;
    gl_Position = vec4(p, 0.0, 1.0);
}
