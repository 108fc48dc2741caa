using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Broadcast3D.Cli.Tests;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Control.Tests;

/// <summary>
/// <c>b3d run CONFIG</c> as its own process with the control API on a free loopback port (the <c>control</c> section
/// added to a <see cref="LiveRig"/> configuration), the token in <c>B3D_CONTROL_TOKEN</c> and the cached NDI runtime.
/// <see cref="Stop"/> ends it with SIGTERM (as systemd would), so it finalises and prints its report; disposing kills a
/// run still going. The process is TestSupport's <see cref="B3dProcess"/>, as the CLI's live tests run it.
/// </summary>
internal sealed class ControlLiveRun : IDisposable
{
    public const string Token = "live-test-token-0123456789";

    private readonly B3dProcess _process;

    public ControlLiveRun(string rigConfig, long frames)
    {
        Port = LoopbackPorts.FreeTcp();
        string json = File.ReadAllText(rigConfig);
        int brace = json.IndexOf('{', StringComparison.Ordinal);
        File.WriteAllText(rigConfig, json[..(brace + 1)] + $$"""
             "control": {"bind": "127.0.0.1:{{Port}}"},
            """ + json[(brace + 1)..]);
        _process = new B3dProcess(["run", rigConfig, "--frames", frames.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["NDI_RUNTIME_DIR_V5"] = LiveNdi.LibraryDirectory(), ["B3D_CONTROL_TOKEN"] = Token });
        Address = new Uri($"http://127.0.0.1:{Port}/");
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public int Port { get; }

    /// <summary>The control server's address.</summary>
    public Uri Address { get; }

    /// <summary>A client that sends the token.</summary>
    public HttpClient Client { get; }

    /// <summary>What b3d printed on stdout so far (the run report once it ended).</summary>
    public string StdOut => _process.StdOut;

    /// <summary>What b3d printed on stderr so far.</summary>
    public string StdErr => _process.StdErr;

    /// <summary>Waits (at most 2 minutes: models load on a loaded machine) until the API says the programme runs.</summary>
    public async Task WaitUntilRunningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            Assert.That(_process.HasExited, Is.False, () => $"b3d run ended early:\n{StdOut}\n{StdErr}");
            try
            {
                using HttpResponseMessage r = await Client.GetAsync("/api/state");
                if (r.IsSuccessStatusCode)
                {
                    using JsonDocument doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
                    if (doc.RootElement.GetProperty("running").GetBoolean())
                        return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        Assert.Fail($"the control API never reported the programme running:\n{StdErr}");
    }

    /// <summary>Posts a command; its acknowledgement (fails the test on any other answer).</summary>
    public async Task<(long Posted, long Applied)> CommandAsync(string path, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await Client.PostAsync(path, content);
        string text = await r.Content.ReadAsStringAsync();
        Assert.That(r.IsSuccessStatusCode, Is.True, $"{path}: {(int)r.StatusCode} {text}");
        using JsonDocument doc = JsonDocument.Parse(text);
        return (doc.RootElement.GetProperty("postedAtFrame").GetInt64(), doc.RootElement.GetProperty("appliedAtFrame").GetInt64());
    }

    /// <summary>Posts <paramref name="json"/> (or nothing); the answer's JSON (fails the test on any other answer).</summary>
    public async Task<JsonElement> PostAsync(string path, string? json)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await Client.PostAsync(path, content);
        string text = await r.Content.ReadAsStringAsync();
        Assert.That(r.IsSuccessStatusCode, Is.True, $"{path}: {(int)r.StatusCode} {text}");
        using JsonDocument doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// Posts until accepted (at most <paramref name="timeout"/>): a refusal for a time not yet recorded is retried
    /// (a replay mark just after the recording starts); any other refusal fails the test.
    /// </summary>
    public async Task<JsonElement> PostWhenRecordedAsync(string path, string json, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using HttpResponseMessage r = await Client.PostAsync(path, content);
            string text = await r.Content.ReadAsStringAsync();
            if (r.IsSuccessStatusCode)
            {
                using JsonDocument doc = JsonDocument.Parse(text);
                return doc.RootElement.Clone();
            }
            Assert.That(r.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity && text.Contains("outside the recording", StringComparison.Ordinal) && clock.Elapsed < timeout,
                Is.True, $"{path}: {(int)r.StatusCode} {text}");
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the run with SIGTERM and waits (at most a minute) for it to finalise; its exit code.</summary>
    public int Stop() => _process.Stop(TimeSpan.FromMinutes(1));

    public void Dispose()
    {
        Client.Dispose();
        _process.Dispose();
    }
}
