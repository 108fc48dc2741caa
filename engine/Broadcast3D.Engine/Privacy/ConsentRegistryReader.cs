using System.Text.Json;

namespace Broadcast3D.Engine.Privacy;

/// <summary>Reads the registry's JSON into identities, collecting every problem with its field path.</summary>
internal static class ConsentRegistryReader
{
    private static readonly string[] s_consentNames = ["broadcast", "analysis", "export"];

    public static List<Identity> Read(JsonElement root, List<string> errors)
    {
        var identities = new List<Identity>();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("identities", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add("identities: required, an array of {\"id\", \"name\", \"team\", \"bib\", \"consents\": [\"broadcast\", \"analysis\", \"export\"]}");
            return identities;
        }
        foreach (JsonProperty extra in root.EnumerateObject().Where(p => p.Name != "identities"))
            errors.Add($"{extra.Name}: unknown field; the registry has only \"identities\"");
        int i = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            string path = $"identities[{i++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: must be an object with \"id\", \"name\" and \"consents\"");
                continue;
            }
            foreach (JsonProperty extra in item.EnumerateObject().Where(p => p.Name is not ("id" or "name" or "team" or "bib" or "consents" or "link")))
                errors.Add($"{path}.{extra.Name}: unknown field; use id, name, team, bib, consents, link");
            string id = Text(item, "id", path, errors, required: true);
            if (id.Length > 0 && identities.Any(x => x.Id == id))
                errors.Add($"{path}.id: '{id}' is used twice; ids must be unique");
            string name = Text(item, "name", path, errors, required: true);
            identities.Add(new Identity(id, name, Text(item, "team", path, errors, false), Text(item, "bib", path, errors, false),
                ConsentsOf(item, path, errors), Link(item, path, errors)));
        }
        return identities;
    }

    private static string Text(JsonElement item, string field, string path, List<string> errors, bool required)
    {
        if (!item.TryGetProperty(field, out JsonElement v))
        {
            if (required)
                errors.Add($"{path}.{field}: required (a string)");
            return "";
        }
        // A bib is often written as a number; it is still a label, not a quantity.
        if (field == "bib" && v.ValueKind == JsonValueKind.Number)
            return v.GetRawText();
        if (v.ValueKind != JsonValueKind.String || (required && string.IsNullOrWhiteSpace(v.GetString())))
        {
            errors.Add($"{path}.{field}: must be a non-empty string, not {v.GetRawText()}");
            return "";
        }
        return v.GetString()!;
    }

    private static Consents ConsentsOf(JsonElement item, string path, List<string> errors)
    {
        if (!item.TryGetProperty("consents", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}.consents: required, an array of what the person consented to (any of {string.Join(", ", s_consentNames)}; [] for nothing)");
            return Consents.None;
        }
        Consents consents = Consents.None;
        foreach (JsonElement c in list.EnumerateArray())
        {
            Consents? one = c.ValueKind == JsonValueKind.String ? c.GetString() switch
            {
                "broadcast" => Consents.Broadcast,
                "analysis" => Consents.Analysis,
                "export" => Consents.Export,
                _ => null,
            } : null;
            if (one is null)
                errors.Add($"{path}.consents: {c.GetRawText()} is not a consent; use {string.Join(", ", s_consentNames)}");
            else
                consents |= one.Value;
        }
        return consents;
    }

    private static LinkRule? Link(JsonElement item, string path, List<string> errors)
    {
        if (!item.TryGetProperty("link", out JsonElement link))
            return null;
        string rule = link.ValueKind == JsonValueKind.Object && link.TryGetProperty("rule", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "";
        switch (rule)
        {
            case "main":
                return new LinkRule(LinkRuleKind.Main);
            case "zone":
                if (Corner(link, "min", out double x0, out double y0) && Corner(link, "max", out double x1, out double y1) && x0 < x1 && y0 < y1)
                    return new LinkRule(LinkRuleKind.Zone, x0, y0, x1, y1);
                errors.Add($"{path}.link: a zone needs \"min\": [x, y] and \"max\": [x, y] in metres on the floor, min below max (e.g. {{\"rule\": \"zone\", \"min\": [-1, -1], \"max\": [1, 1]}})");
                return null;
            default:
                errors.Add($"{path}.link.rule: must be \"main\" (the person tracked the longest) or \"zone\" (the only person in a floor rectangle)");
                return null;
        }
    }

    private static bool Corner(JsonElement link, string field, out double x, out double y)
    {
        x = y = 0;
        return link.TryGetProperty(field, out JsonElement v) && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
            && v[0].ValueKind == JsonValueKind.Number && v[1].ValueKind == JsonValueKind.Number
            && v[0].TryGetDouble(out x) && v[1].TryGetDouble(out y) && double.IsFinite(x) && double.IsFinite(y);
    }
}
