namespace Broadcast3D.Gpu.Interop.Gl;

/// <summary>
/// The raw table of the OpenGL 4.5 core functions we call, resolved once per context through
/// <c>eglGetProcAddress</c> (GL entry points are never linked directly: the vendor is chosen at run time).
/// Owned by <see cref="GpuDevice"/>; calls are valid only on the thread that holds the context.
/// </summary>
internal sealed unsafe class GlFunctions
{
    public readonly delegate* unmanaged<int> GetError;
    public readonly delegate* unmanaged<int,byte*> GetString;
    public readonly delegate* unmanaged<int,uint,byte*> GetStringi;
    public readonly delegate* unmanaged<int,int*,void> GetIntegerv;
    public readonly delegate* unmanaged<int,uint,int*,void> GetIntegeri_v;
    public readonly delegate* unmanaged<int,void> Enable;
    public readonly delegate* unmanaged<int,void> Disable;
    public readonly delegate* unmanaged<int,int,int,int,void> Viewport;
    public readonly delegate* unmanaged<int,int,int,int,void> BlendFuncSeparate;
    public readonly delegate* unmanaged<int,void> BlendEquation;
    public readonly delegate* unmanaged<int,void> DepthFunc;
    public readonly delegate* unmanaged<byte,void> DepthMask;
    public readonly delegate* unmanaged<void> Finish;
    public readonly delegate* unmanaged<void> Flush;
    public readonly delegate* unmanaged<int,int,void> PixelStorei;
    public readonly delegate* unmanaged<int,uint*,void> CreateBuffers;
    public readonly delegate* unmanaged<uint,nint,void*,int,void> NamedBufferStorage;
    public readonly delegate* unmanaged<uint,nint,nint,void*,void> NamedBufferSubData;
    public readonly delegate* unmanaged<uint,nint,nint,void*,void> GetNamedBufferSubData;
    public readonly delegate* unmanaged<int,uint*,void> DeleteBuffers;
    public readonly delegate* unmanaged<int,uint,uint,void> BindBufferBase;
    public readonly delegate* unmanaged<int,uint,void> BindBuffer;
    public readonly delegate* unmanaged<uint,nint,nint,int,void*> MapNamedBufferRange;
    public readonly delegate* unmanaged<uint,byte> UnmapNamedBuffer;
    public readonly delegate* unmanaged<int,int,uint*,void> CreateTextures;
    public readonly delegate* unmanaged<uint,int,int,int,int,void> TextureStorage2D;
    public readonly delegate* unmanaged<uint,int,int,int,int,int,int,int,void*,void> TextureSubImage2D;
    public readonly delegate* unmanaged<uint,int,int,void> TextureParameteri;
    public readonly delegate* unmanaged<uint,int,float*,void> TextureParameterfv;
    public readonly delegate* unmanaged<uint,uint,void> BindTextureUnit;
    public readonly delegate* unmanaged<int,uint*,void> DeleteTextures;
    public readonly delegate* unmanaged<uint,int,int,int,int,void*,void> GetTextureImage;
    public readonly delegate* unmanaged<uint,uint,int,byte,int,int,int,void> BindImageTexture;
    public readonly delegate* unmanaged<int,uint*,void> CreateFramebuffers;
    public readonly delegate* unmanaged<uint,int,uint,int,void> NamedFramebufferTexture;
    public readonly delegate* unmanaged<uint,int,int> CheckNamedFramebufferStatus;
    public readonly delegate* unmanaged<int,uint,void> BindFramebuffer;
    public readonly delegate* unmanaged<int,uint*,void> DeleteFramebuffers;
    public readonly delegate* unmanaged<uint,int,int*,void> NamedFramebufferDrawBuffers;
    public readonly delegate* unmanaged<uint,int,void> NamedFramebufferReadBuffer;
    public readonly delegate* unmanaged<int,int,int,int,int,int,void*,void> ReadPixels;
    public readonly delegate* unmanaged<uint,int,int,float*,void> ClearNamedFramebufferfv;
    public readonly delegate* unmanaged<int,uint> CreateShader;
    public readonly delegate* unmanaged<uint,int,byte**,int*,void> ShaderSource;
    public readonly delegate* unmanaged<uint,void> CompileShader;
    public readonly delegate* unmanaged<uint,int,int*,void> GetShaderiv;
    public readonly delegate* unmanaged<uint,int,int*,byte*,void> GetShaderInfoLog;
    public readonly delegate* unmanaged<uint,void> DeleteShader;
    public readonly delegate* unmanaged<uint> CreateProgram;
    public readonly delegate* unmanaged<uint,uint,void> AttachShader;
    public readonly delegate* unmanaged<uint,uint,void> DetachShader;
    public readonly delegate* unmanaged<uint,void> LinkProgram;
    public readonly delegate* unmanaged<uint,int,int*,void> GetProgramiv;
    public readonly delegate* unmanaged<uint,int,int*,byte*,void> GetProgramInfoLog;
    public readonly delegate* unmanaged<uint,void> DeleteProgram;
    public readonly delegate* unmanaged<uint,void> UseProgram;
    public readonly delegate* unmanaged<uint,byte*,int> GetUniformLocation;
    public readonly delegate* unmanaged<uint,int,int,void> ProgramUniform1i;
    public readonly delegate* unmanaged<uint,int,uint,void> ProgramUniform1ui;
    public readonly delegate* unmanaged<uint,int,float,void> ProgramUniform1f;
    public readonly delegate* unmanaged<uint,int,float,float,void> ProgramUniform2f;
    public readonly delegate* unmanaged<uint,int,int,int,void> ProgramUniform2i;
    public readonly delegate* unmanaged<uint,int,float,float,float,void> ProgramUniform3f;
    public readonly delegate* unmanaged<uint,int,float,float,float,float,void> ProgramUniform4f;
    public readonly delegate* unmanaged<uint,int,int,float*,void> ProgramUniform4fv;
    public readonly delegate* unmanaged<uint,int,int,byte,float*,void> ProgramUniformMatrix4fv;
    public readonly delegate* unmanaged<int,uint*,void> CreateVertexArrays;
    public readonly delegate* unmanaged<uint,void> BindVertexArray;
    public readonly delegate* unmanaged<int,uint*,void> DeleteVertexArrays;
    public readonly delegate* unmanaged<int,int,int,int,void> DrawArraysInstanced;
    public readonly delegate* unmanaged<uint,uint,uint,void> DispatchCompute;
    public readonly delegate* unmanaged<uint,void> MemoryBarrier;
    public readonly delegate* unmanaged<int,int,nint> FenceSync;
    public readonly delegate* unmanaged<nint,int,ulong,int> ClientWaitSync;
    public readonly delegate* unmanaged<nint,void> DeleteSync;
    public readonly delegate* unmanaged<nint,void*,void> DebugMessageCallback;
    public readonly delegate* unmanaged<int,int,int,int,uint*,byte,void> DebugMessageControl;

    /// <summary>Resolves every function; throws naming the first one the driver lacks (it is not GL 4.5 core).</summary>
    public GlFunctions(Func<string, nint> getProc)
    {
        var missing = new List<string>();
        nint P(string name)
        {
            nint p = getProc(name);
            if (p == 0)
                missing.Add(name);
            return p;
        }

        GetError = (delegate* unmanaged<int>)P("glGetError");
        GetString = (delegate* unmanaged<int,byte*>)P("glGetString");
        GetStringi = (delegate* unmanaged<int,uint,byte*>)P("glGetStringi");
        GetIntegerv = (delegate* unmanaged<int,int*,void>)P("glGetIntegerv");
        GetIntegeri_v = (delegate* unmanaged<int,uint,int*,void>)P("glGetIntegeri_v");
        Enable = (delegate* unmanaged<int,void>)P("glEnable");
        Disable = (delegate* unmanaged<int,void>)P("glDisable");
        Viewport = (delegate* unmanaged<int,int,int,int,void>)P("glViewport");
        BlendFuncSeparate = (delegate* unmanaged<int,int,int,int,void>)P("glBlendFuncSeparate");
        BlendEquation = (delegate* unmanaged<int,void>)P("glBlendEquation");
        DepthFunc = (delegate* unmanaged<int,void>)P("glDepthFunc");
        DepthMask = (delegate* unmanaged<byte,void>)P("glDepthMask");
        Finish = (delegate* unmanaged<void>)P("glFinish");
        Flush = (delegate* unmanaged<void>)P("glFlush");
        PixelStorei = (delegate* unmanaged<int,int,void>)P("glPixelStorei");
        CreateBuffers = (delegate* unmanaged<int,uint*,void>)P("glCreateBuffers");
        NamedBufferStorage = (delegate* unmanaged<uint,nint,void*,int,void>)P("glNamedBufferStorage");
        NamedBufferSubData = (delegate* unmanaged<uint,nint,nint,void*,void>)P("glNamedBufferSubData");
        GetNamedBufferSubData = (delegate* unmanaged<uint,nint,nint,void*,void>)P("glGetNamedBufferSubData");
        DeleteBuffers = (delegate* unmanaged<int,uint*,void>)P("glDeleteBuffers");
        BindBufferBase = (delegate* unmanaged<int,uint,uint,void>)P("glBindBufferBase");
        BindBuffer = (delegate* unmanaged<int,uint,void>)P("glBindBuffer");
        MapNamedBufferRange = (delegate* unmanaged<uint,nint,nint,int,void*>)P("glMapNamedBufferRange");
        UnmapNamedBuffer = (delegate* unmanaged<uint,byte>)P("glUnmapNamedBuffer");
        CreateTextures = (delegate* unmanaged<int,int,uint*,void>)P("glCreateTextures");
        TextureStorage2D = (delegate* unmanaged<uint,int,int,int,int,void>)P("glTextureStorage2D");
        TextureSubImage2D = (delegate* unmanaged<uint,int,int,int,int,int,int,int,void*,void>)P("glTextureSubImage2D");
        TextureParameteri = (delegate* unmanaged<uint,int,int,void>)P("glTextureParameteri");
        TextureParameterfv = (delegate* unmanaged<uint,int,float*,void>)P("glTextureParameterfv");
        BindTextureUnit = (delegate* unmanaged<uint,uint,void>)P("glBindTextureUnit");
        DeleteTextures = (delegate* unmanaged<int,uint*,void>)P("glDeleteTextures");
        GetTextureImage = (delegate* unmanaged<uint,int,int,int,int,void*,void>)P("glGetTextureImage");
        BindImageTexture = (delegate* unmanaged<uint,uint,int,byte,int,int,int,void>)P("glBindImageTexture");
        CreateFramebuffers = (delegate* unmanaged<int,uint*,void>)P("glCreateFramebuffers");
        NamedFramebufferTexture = (delegate* unmanaged<uint,int,uint,int,void>)P("glNamedFramebufferTexture");
        CheckNamedFramebufferStatus = (delegate* unmanaged<uint,int,int>)P("glCheckNamedFramebufferStatus");
        BindFramebuffer = (delegate* unmanaged<int,uint,void>)P("glBindFramebuffer");
        DeleteFramebuffers = (delegate* unmanaged<int,uint*,void>)P("glDeleteFramebuffers");
        NamedFramebufferDrawBuffers = (delegate* unmanaged<uint,int,int*,void>)P("glNamedFramebufferDrawBuffers");
        NamedFramebufferReadBuffer = (delegate* unmanaged<uint,int,void>)P("glNamedFramebufferReadBuffer");
        ReadPixels = (delegate* unmanaged<int,int,int,int,int,int,void*,void>)P("glReadPixels");
        ClearNamedFramebufferfv = (delegate* unmanaged<uint,int,int,float*,void>)P("glClearNamedFramebufferfv");
        CreateShader = (delegate* unmanaged<int,uint>)P("glCreateShader");
        ShaderSource = (delegate* unmanaged<uint,int,byte**,int*,void>)P("glShaderSource");
        CompileShader = (delegate* unmanaged<uint,void>)P("glCompileShader");
        GetShaderiv = (delegate* unmanaged<uint,int,int*,void>)P("glGetShaderiv");
        GetShaderInfoLog = (delegate* unmanaged<uint,int,int*,byte*,void>)P("glGetShaderInfoLog");
        DeleteShader = (delegate* unmanaged<uint,void>)P("glDeleteShader");
        CreateProgram = (delegate* unmanaged<uint>)P("glCreateProgram");
        AttachShader = (delegate* unmanaged<uint,uint,void>)P("glAttachShader");
        DetachShader = (delegate* unmanaged<uint,uint,void>)P("glDetachShader");
        LinkProgram = (delegate* unmanaged<uint,void>)P("glLinkProgram");
        GetProgramiv = (delegate* unmanaged<uint,int,int*,void>)P("glGetProgramiv");
        GetProgramInfoLog = (delegate* unmanaged<uint,int,int*,byte*,void>)P("glGetProgramInfoLog");
        DeleteProgram = (delegate* unmanaged<uint,void>)P("glDeleteProgram");
        UseProgram = (delegate* unmanaged<uint,void>)P("glUseProgram");
        GetUniformLocation = (delegate* unmanaged<uint,byte*,int>)P("glGetUniformLocation");
        ProgramUniform1i = (delegate* unmanaged<uint,int,int,void>)P("glProgramUniform1i");
        ProgramUniform1ui = (delegate* unmanaged<uint,int,uint,void>)P("glProgramUniform1ui");
        ProgramUniform1f = (delegate* unmanaged<uint,int,float,void>)P("glProgramUniform1f");
        ProgramUniform2f = (delegate* unmanaged<uint,int,float,float,void>)P("glProgramUniform2f");
        ProgramUniform2i = (delegate* unmanaged<uint,int,int,int,void>)P("glProgramUniform2i");
        ProgramUniform3f = (delegate* unmanaged<uint,int,float,float,float,void>)P("glProgramUniform3f");
        ProgramUniform4f = (delegate* unmanaged<uint,int,float,float,float,float,void>)P("glProgramUniform4f");
        ProgramUniform4fv = (delegate* unmanaged<uint,int,int,float*,void>)P("glProgramUniform4fv");
        ProgramUniformMatrix4fv = (delegate* unmanaged<uint,int,int,byte,float*,void>)P("glProgramUniformMatrix4fv");
        CreateVertexArrays = (delegate* unmanaged<int,uint*,void>)P("glCreateVertexArrays");
        BindVertexArray = (delegate* unmanaged<uint,void>)P("glBindVertexArray");
        DeleteVertexArrays = (delegate* unmanaged<int,uint*,void>)P("glDeleteVertexArrays");
        DrawArraysInstanced = (delegate* unmanaged<int,int,int,int,void>)P("glDrawArraysInstanced");
        DispatchCompute = (delegate* unmanaged<uint,uint,uint,void>)P("glDispatchCompute");
        MemoryBarrier = (delegate* unmanaged<uint,void>)P("glMemoryBarrier");
        FenceSync = (delegate* unmanaged<int,int,nint>)P("glFenceSync");
        ClientWaitSync = (delegate* unmanaged<nint,int,ulong,int>)P("glClientWaitSync");
        DeleteSync = (delegate* unmanaged<nint,void>)P("glDeleteSync");
        DebugMessageCallback = (delegate* unmanaged<nint,void*,void>)P("glDebugMessageCallback");
        DebugMessageControl = (delegate* unmanaged<int,int,int,int,uint*,byte,void>)P("glDebugMessageControl");
        if (missing.Count > 0)
            throw new GpuUnavailableException($"the GL driver lacks {string.Join(", ", missing)}: OpenGL 4.5 core is required");
    }
}
