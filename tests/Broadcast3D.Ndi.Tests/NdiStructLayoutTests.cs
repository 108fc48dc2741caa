using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Broadcast3D.Ndi.Interop;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Ndi.Tests;

/// <summary>Our struct declarations against the SDK headers, compiled by gcc: sizes and every declared field's offset.</summary>
public sealed class NdiStructLayoutTests
{
    private static readonly (string CType, Type Ours, (string C, string Cs)[] Fields)[] Structs =
    [
        ("NDIlib_video_frame_v2_t", typeof(NdiVideoFrameV2),
        [
            ("xres", "Xres"), ("yres", "Yres"), ("FourCC", "FourCC"), ("frame_rate_N", "FrameRateN"), ("frame_rate_D", "FrameRateD"),
            ("picture_aspect_ratio", "PictureAspectRatio"), ("frame_format_type", "FrameFormatType"), ("timecode", "Timecode"),
            ("p_data", "Data"), ("line_stride_in_bytes", "LineStrideInBytes"), ("timestamp", "Timestamp"),
        ]),
        ("NDIlib_source_t", typeof(NdiSourceNative), [("p_ndi_name", "NdiName"), ("p_url_address", "UrlAddress")]),
        ("NDIlib_send_create_t", typeof(NdiSendCreate),
            [("p_ndi_name", "NdiName"), ("p_groups", "Groups"), ("clock_video", "ClockVideo"), ("clock_audio", "ClockAudio")]),
        ("NDIlib_find_create_t", typeof(NdiFindCreate),
            [("show_local_sources", "ShowLocalSources"), ("p_groups", "Groups"), ("p_extra_ips", "ExtraIps")]),
        ("NDIlib_recv_create_v3_t", typeof(NdiRecvCreateV3),
        [
            ("source_to_connect_to", "Source"), ("color_format", "ColorFormat"), ("bandwidth", "Bandwidth"),
            ("allow_video_fields", "AllowVideoFields"), ("p_ndi_recv_name", "RecvName"),
        ]),
        ("NDIlib_tally_t", typeof(NdiTallyNative), [("on_program", "OnProgram"), ("on_preview", "OnPreview")]),
        ("NDIlib_recv_performance_t", typeof(NdiRecvPerformance),
            [("video_frames", "VideoFrames")]),
    ];

    private Dictionary<string, long> _c = [];

    [OneTimeSetUp]
    public void CompileHeaders() => _c = CompileAndRunLayoutProgram();

    [Test]
    public void Layout_EveryDeclaredStruct_MatchesSdkHeaders()
    {
        Dictionary<string, long> c = _c;

        foreach (var (cType, ours, fields) in Structs)
        {
            Assert.That(SizeOf(ours), Is.EqualTo(c[$"{cType}.sizeof"]), $"sizeof({cType})");
            foreach (var (cField, csField) in fields)
                Assert.That((long)Marshal.OffsetOf(ours, csField), Is.EqualTo(c[$"{cType}.{cField}"]), $"offsetof({cType}, {cField})");
        }
    }

    [Test]
    public void FourCC_BgraAndUyva_MatchSdkEnum()
    {
        Dictionary<string, long> c = _c;

        Assert.That((long)NdiSender.FourCC(NdiPixelFormat.Bgra), Is.EqualTo(c["fourcc.BGRA"]));
        Assert.That((long)NdiSender.FourCC(NdiPixelFormat.Uyva), Is.EqualTo(c["fourcc.UYVA"]));
    }

    private static int SizeOf(Type t) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    private static Dictionary<string, long> CompileAndRunLayoutProgram()
    {
        var probes = new List<(string Key, string Expression)>();
        foreach (var (cType, _, fields) in Structs)
        {
            probes.Add(($"{cType}.sizeof", $"sizeof({cType})"));
            foreach (var (cField, _) in fields)
                probes.Add(($"{cType}.{cField}", $"offsetof({cType}, {cField})"));
        }
        probes.Add(("fourcc.BGRA", "(unsigned)NDIlib_FourCC_video_type_BGRA"));
        probes.Add(("fourcc.UYVA", "(unsigned)NDIlib_FourCC_video_type_UYVA"));
        return CHeaderProbe.Evaluate(["#include \"Processing.NDI.Lib.h\""], probes, ["-I", NdiTestRuntime.IncludeDirectory],
            "install gcc and run scripts/setup.sh");
    }
}
