#version 450 core
// Batched likelihood-weighted DLT triangulation with Pose2Sim's camera-exclusion search, one invocation per
// keypoint, in float. The C# reference is Broadcast3D.Tracking.Triangulation.Triangulator (double); the layout is
// TriangulationBatch's with floats: observations[((point * cameraCount + c) * 3) + {x, y, likelihood}],
// projections[12 * c + i] (P = K[R|t] row-major), points[point * 3 + axis], errors[point], excludedCounts[point],
// excludedMasks[point * 2 + {low, high}]. The host replaces non-finite x/y by likelihood 0 so the kernel never
// depends on NaN semantics (GLSL does not guarantee them). Failed points get error -1 (the host writes NaN);
// points whose search ran out of the configuration budget get -2 (the host solves them on the CPU).
// Same numerics as the reference: rows folded into a 4x4 R by Givens rotations, one-sided Jacobi SVD of R.
layout(local_size_x = 64) in;

const int MaxCameras = 32;
const int MaxSweeps = 30;
// Float Jacobi stops at orthogonality of a few float ulps (the double reference uses 1e-15).
const float OrthogonalityTolerance = 1e-7;

layout(std430, binding = 0) readonly buffer Observations { float observations[]; };
layout(std430, binding = 1) readonly buffer Projections { float projections[]; };
layout(std430, binding = 2) writeonly buffer Points { float points[]; };
layout(std430, binding = 3) writeonly buffer Errors { float errors[]; };
layout(std430, binding = 4) writeonly buffer ExcludedCounts { int excludedCounts[]; };
layout(std430, binding = 5) writeonly buffer ExcludedMasks { uint excludedMasks[]; };

uniform uint pointCount;
uniform int cameraCount;
uniform float likelihoodThreshold;
uniform float reprojectionThreshold;
uniform int minCameras;
uniform int boundedSearch;   // 0: exhaustive (Pose2Sim), 1: greedy backward elimination
// Most configurations one invocation may solve; a point needing more is reported incomplete (error -2) and the
// host finishes it on the CPU. Keeps each invocation's work bounded (llvmpipe's loop cap, GPU watchdogs).
uniform int configurationBudget;

shared float P[12 * MaxCameras];

uint obsBase = 0u;
// Upper-triangular factor R of the configuration's rows, one vec4 per row.
vec4 R0, R1, R2, R3;

// Search state (TriangulationBatch semantics).
float bestError = 3.4e38;
uint bestMask = 0u;
vec3 bestPoint = vec3(0.0);
// Configurations solved so far, against the per-invocation budget (see the host's ConfigurationBudget).
int solves = 0;
bool incomplete = false;

float obsX(int c) { return observations[obsBase + uint(c) * 3u]; }
float obsY(int c) { return observations[obsBase + uint(c) * 3u + 1u]; }
float obsL(int c) { return observations[obsBase + uint(c) * 3u + 2u]; }

// One Givens rotation of `row` into R's row k, on columns k..3 only (`columns` is 1 from column k on), exactly
// as the reference, whose loops over columns < k never touch them. The loops are written out: llvmpipe counts
// every loop iteration of an invocation against one cap of 65535, so only the camera and sweep loops remain.
void givens(inout vec4 top, inout vec4 row, int k, vec4 columns)
{
    float t = top[k], l = row[k];
    if (l == 0.0)
        return;
    float big = max(abs(t), abs(l)), small = min(abs(t), abs(l));
    float ratio = small / big;
    float radius = big * sqrt(1.0 + ratio * ratio);
    float c = t / radius, s = l / radius;
    vec4 newTop = c * top + s * row;
    vec4 newRow = c * row - s * top;
    top = mix(top, newTop, columns);
    row = mix(row, newRow, columns);
}

void addRow(vec4 row)
{
    givens(R0, row, 0, vec4(1.0, 1.0, 1.0, 1.0));
    givens(R1, row, 1, vec4(0.0, 1.0, 1.0, 1.0));
    givens(R2, row, 2, vec4(0.0, 0.0, 1.0, 1.0));
    givens(R3, row, 3, vec4(0.0, 0.0, 0.0, 1.0));
}

// One Hestenes rotation of columns (ai, aj) of A and (vi, vj) of V; false when already orthogonal.
bool rotate(inout vec4 ai, inout vec4 aj, inout vec4 vi, inout vec4 vj)
{
    float alpha = dot(ai, ai), beta = dot(aj, aj), gamma = dot(ai, aj);
    if (gamma == 0.0 || abs(gamma) <= OrthogonalityTolerance * sqrt(alpha * beta))
        return false;
    float zeta = (beta - alpha) / (2.0 * gamma);
    float t = zeta == 0.0 ? 1.0 : sign(zeta) / (abs(zeta) + sqrt(1.0 + zeta * zeta));
    float c = 1.0 / sqrt(1.0 + t * t);
    float s = c * t;
    vec4 a = ai, v = vi;
    ai = c * a - s * aj;
    aj = s * a + c * aj;
    vi = c * v - s * vj;
    vj = s * v + c * vj;
    return true;
}

// Solves the configuration leaving out `mask`; returns false when it has < 4 rows or the point is at infinity.
bool solve(uint mask, out vec3 point)
{
    R0 = R1 = R2 = R3 = vec4(0.0);
    int rows = 0;
    for (int c = 0; c < cameraCount; c++)
    {
        if ((mask & (1u << uint(c))) != 0u)
            continue;
        float x = obsX(c), y = obsY(c), l = obsL(c);
        int b = c * 12;
        vec4 p0 = vec4(P[b + 0], P[b + 1], P[b + 2], P[b + 3]);
        vec4 p1 = vec4(P[b + 4], P[b + 5], P[b + 6], P[b + 7]);
        vec4 p2 = vec4(P[b + 8], P[b + 9], P[b + 10], P[b + 11]);
        addRow((p0 - x * p2) * l);
        addRow((p1 - y * p2) * l);
        rows += 2;
    }
    point = vec3(0.0);
    if (rows < 4)
        return false;

    // Columns of R (mat4 takes columns, so the transpose of the rows-as-columns matrix).
    mat4 A = transpose(mat4(R0, R1, R2, R3));
    mat4 V = mat4(1.0);
    for (int sweep = 0; sweep < MaxSweeps; sweep++)
    {
        bool rotated = rotate(A[0], A[1], V[0], V[1]);
        rotated = rotate(A[0], A[2], V[0], V[2]) || rotated;
        rotated = rotate(A[0], A[3], V[0], V[3]) || rotated;
        rotated = rotate(A[1], A[2], V[1], V[2]) || rotated;
        rotated = rotate(A[1], A[3], V[1], V[3]) || rotated;
        rotated = rotate(A[2], A[3], V[2], V[3]) || rotated;
        if (!rotated)
            break;
    }
    // Smallest column norm of A·V = smallest singular value; the first minimum wins.
    vec4 norms = vec4(dot(A[0], A[0]), dot(A[1], A[1]), dot(A[2], A[2]), dot(A[3], A[3]));
    vec4 best = V[0];
    float bestNorm = norms.x;
    if (norms.y < bestNorm) { bestNorm = norms.y; best = V[1]; }
    if (norms.z < bestNorm) { bestNorm = norms.z; best = V[2]; }
    if (norms.w < bestNorm) { bestNorm = norms.w; best = V[3]; }
    if (best.w == 0.0)
        return false;
    point = best.xyz / best.w;
    // A null vector nearly at infinity: the reference's error would be non-finite or huge and never win.
    return all(lessThan(abs(point), vec3(1e30)));
}

// Solves a configuration and keeps it when strictly better than this level's best (first minimum wins).
void consider(uint mask, inout float levelError)
{
    if (solves >= configurationBudget)
    {
        incomplete = true;
        return;
    }
    solves++;
    vec3 X;
    if (!solve(mask, X))
        return;
    float sum = 0.0;
    int used = 0;
    for (int c = 0; c < cameraCount; c++)
    {
        if ((mask & (1u << uint(c))) != 0u)
            continue;
        int b = c * 12;
        float w = P[b + 8] * X.x + P[b + 9] * X.y + P[b + 10] * X.z + P[b + 11];
        float u = (P[b + 0] * X.x + P[b + 1] * X.y + P[b + 2] * X.z + P[b + 3]) / w;
        float v = (P[b + 4] * X.x + P[b + 5] * X.y + P[b + 6] * X.z + P[b + 7]) / w;
        vec2 d = vec2(u - obsX(c), v - obsY(c));
        sum += sqrt(d.x * d.x + d.y * d.y);
        used++;
    }
    float error = sum / float(used);
    if (error < levelError)
    {
        levelError = error;
        bestMask = mask;
        bestPoint = X;
    }
}

// The lexicographic successor of a k-subset of 0..n-1 held as a bit mask (the order of the reference's
// index-tuple enumeration); 0 after the last one. A mask rather than an index array: llvmpipe (Mesa 22.3)
// corrupted a dynamically indexed local int array across the calls to solve(), ending the enumeration early.
uint nextCombination(uint subset, int n, int k)
{
    // Elements already at their maximum form a block at the top (n-1, n-2, ...).
    int top = 0;
    while (top < k && (subset & (1u << uint(n - 1 - top))) != 0u)
        top++;
    if (top == k)
        return 0u;
    uint topBlock = top == 0 ? 0u : ((1u << uint(top)) - 1u) << uint(n - top);
    uint rest = subset & ~topBlock;
    int pivot = findMSB(rest);
    rest &= ~(1u << uint(pivot));
    // The pivot moves up by one and the maxed elements follow it contiguously.
    uint run = ((1u << uint(top + 1)) - 1u) << uint(pivot + 1);
    return rest | run;
}

void searchExhaustive(uint invalid)
{
    int n = cameraCount;
    int invalidCount = bitCount(invalid);
    for (int off = 0; bestError > reprojectionThreshold && n - off >= minCameras; off++)
    {
        int worstExcluded = min(n, off + invalidCount);
        if (worstExcluded > n - minCameras)
            break;
        float levelError = 3.4e38;
        uint subset = off == 0 ? 0u : (off == 32 ? 0xFFFFFFFFu : (1u << uint(off)) - 1u);
        do
        {
            consider(invalid | subset, levelError);
            subset = off == 0 ? 0u : nextCombination(subset, n, off);
        }
        while (subset != 0u);
        bestError = levelError;
    }
}

void searchBounded(uint invalid, uint all)
{
    if (bitCount(all & ~invalid) < minCameras)
        return;
    float levelError = 3.4e38;
    consider(invalid, levelError);
    bestError = levelError;
    while (bestError > reprojectionThreshold && bitCount(all & ~bestMask) - 1 >= minCameras)
    {
        uint baseMask = bestMask;
        levelError = 3.4e38;
        for (int c = 0; c < cameraCount; c++)
        {
            if ((baseMask & (1u << uint(c))) == 0u)
                consider(baseMask | (1u << uint(c)), levelError);
        }
        if (bestMask == baseMask)
            break;
        bestError = levelError;
    }
}

void main()
{
    // The whole group loads the projections once; every invocation reaches the barrier.
    for (uint i = gl_LocalInvocationID.x; i < uint(12 * cameraCount); i += gl_WorkGroupSize.x)
        P[i] = projections[i];
    barrier();

    uint point = gl_GlobalInvocationID.x;
    if (point >= pointCount)
        return;
    obsBase = point * uint(cameraCount) * 3u;
    uint all = cameraCount == 32 ? 0xFFFFFFFFu : (1u << uint(cameraCount)) - 1u;
    uint invalid = 0u;
    for (int c = 0; c < cameraCount; c++)
    {
        float l = obsL(c);
        if (!(l >= likelihoodThreshold) || l == 0.0)
            invalid |= 1u << uint(c);
    }
    bestError = 3.4e38;
    bestMask = invalid;
    bestPoint = vec3(0.0);
    if (boundedSearch != 0)
        searchBounded(invalid, all);
    else
        searchExhaustive(invalid);

    bool ok = bestError <= reprojectionThreshold;
    points[point * 3u] = bestPoint.x;
    points[point * 3u + 1u] = bestPoint.y;
    points[point * 3u + 2u] = bestPoint.z;
    errors[point] = incomplete ? -2.0 : (ok ? bestError : -1.0);
    excludedCounts[point] = bitCount(bestMask);
    excludedMasks[point * 2u] = bestMask;
    excludedMasks[point * 2u + 1u] = 0u;
}
