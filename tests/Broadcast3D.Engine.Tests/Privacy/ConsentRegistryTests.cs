using Broadcast3D.Engine.Configuration;
using Broadcast3D.Engine.Privacy;
using Broadcast3D.TestSupport;

namespace Broadcast3D.Engine.Tests.Privacy;

/// <summary>The consent registry: reading, field-path errors, links by rule and by the operator, pseudonyms (issue #21).</summary>
public class ConsentRegistryTests
{
    private const string TwoAthletes = """
        {
          // comments allowed, as in the pipeline configuration
          "identities": [
            {"id": "ath-01", "name": "Ada Sprinter", "team": "Club A", "bib": 7, "consents": ["broadcast", "analysis", "export"], "link": {"rule": "main"}},
            {"id": "ath-02", "name": "Bo Jumper", "consents": ["broadcast"], "link": {"rule": "zone", "min": [-1, -1], "max": [1, 1]}}
          ]
        }
        """;

    [Test]
    public void Parse_TwoIdentities_ConsentsTeamBibAndRules()
    {
        ConsentRegistry registry = ConsentRegistry.Parse(TwoAthletes, "consent.json", null);

        Assert.That(registry.Identities.Select(i => i.Id), Is.EqualTo(new[] { "ath-01", "ath-02" }));
        Identity ada = registry.Find("ath-01")!;
        Assert.That(ada.Consents, Is.EqualTo(Consents.Broadcast | Consents.Analysis | Consents.Export));
        Assert.That((ada.Team, ada.Bib), Is.EqualTo(("Club A", "7")));
        Assert.That(registry.Find("ath-02")!.Link, Is.EqualTo(new LinkRule(LinkRuleKind.Zone, -1, -1, 1, 1)));
    }

    [Test]
    public void Parse_BadFields_EveryProblemNamedByPath()
    {
        const string bad = """
            {"identities": [
              {"id": "a", "name": "A", "consents": ["broadcast", "tv"]},
              {"id": "a", "consents": "all", "colour": 1, "link": {"rule": "zone", "min": [2, 0], "max": [1, 1]}}
            ]}
            """;

        var ex = Assert.Throws<ConfigException>(() => ConsentRegistry.Parse(bad, "consent.json", null))!;

        Assert.That(ex.Message, Does.StartWith("consent.json: invalid consent registry"));
        Assert.That(ex.Message, Does.Contain("identities[0].consents: \"tv\" is not a consent; use broadcast, analysis, export"));
        Assert.That(ex.Message, Does.Contain("identities[1].id: 'a' is used twice"));
        Assert.That(ex.Message, Does.Contain("identities[1].name: required"));
        Assert.That(ex.Message, Does.Contain("identities[1].consents: required"));
        Assert.That(ex.Message, Does.Contain("identities[1].colour: unknown field"));
        Assert.That(ex.Message, Does.Contain("identities[1].link: a zone needs"));
    }

    [Test]
    public void Load_MissingFile_NamesThePath()
    {
        using var tmp = new TempFolder();
        var ex = Assert.Throws<ConfigException>(() => ConsentRegistry.Load(tmp.File("nope.json")))!;
        Assert.That(ex.Message, Does.Contain(tmp.File("nope.json")).And.Contain("consent registry not found"));
    }

    [Test]
    public void ApplyZones_OnePersonInside_LinkedAndTwoInside_Unchanged()
    {
        ConsentRegistry registry = ConsentRegistry.Parse(TwoAthletes, "consent.json", null);

        registry.ApplyZones([5, 6], [0.2, 0.1, 4.0, 4.0]);
        Assert.That(registry.IdentityOf(5)?.Id, Is.EqualTo("ath-02"));
        Assert.That(registry.IdentityOf(6), Is.Null);

        // A second person walks into the zone: nobody new is linked (a guess could unblur a bystander).
        registry.ApplyZones([7, 8], [0.2, 0.1, 0.5, 0.5]);
        Assert.That(registry.IdentityOf(7), Is.Null);
        Assert.That(registry.IdentityOf(8), Is.Null);
    }

    [Test]
    public void Link_ByOperator_RuleDoesNotOverrideIt()
    {
        ConsentRegistry registry = ConsentRegistry.Parse(TwoAthletes, "consent.json", null);

        registry.Link(3, "ath-02");
        registry.ApplyZones([9], [0, 0]);

        Assert.That(registry.IdentityOf(3)?.Id, Is.EqualTo("ath-02"));
        Assert.That(registry.IdentityOf(9), Is.Null);
        Assert.That(registry.Consented(3, Consents.Broadcast), Is.True);
        Assert.That(registry.Consented(3, Consents.Export), Is.False);
        Assert.That(registry.Refused(3, Consents.Export), Is.True);
        Assert.That(registry.Refused(4, Consents.Export), Is.False, "an unlinked track refused nothing: it is nobody");
    }

    [Test]
    public void Link_UnknownIdentity_ListsTheIds()
    {
        ConsentRegistry registry = ConsentRegistry.Parse(TwoAthletes, "consent.json", null);
        var ex = Assert.Throws<ArgumentException>(() => registry.Link(1, "ath-99"))!;
        Assert.That(ex.Message, Does.Contain("no identity 'ath-99'").And.Contain("ath-01, ath-02"));
    }

    [Test]
    public void LinkMain_SecondTrack_MovesTheIdentity()
    {
        ConsentRegistry registry = ConsentRegistry.Parse(TwoAthletes, "consent.json", null);
        registry.LinkMain(1);
        registry.LinkMain(2);
        Assert.That(registry.IdentityOf(1), Is.Null, "one person is one track");
        Assert.That(registry.IdentityOf(2)?.Id, Is.EqualTo("ath-01"));
    }

    [Test]
    public void Pseudonym_SameKeyFile_StableAcrossLoadsAndFreeOfTheName()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("consent.json"), TwoAthletes);

        ConsentRegistry first = ConsentRegistry.Load(tmp.File("consent.json"));
        string a = first.Pseudonym(first.Find("ath-01")!), b = first.Pseudonym(first.Find("ath-02")!);
        ConsentRegistry again = ConsentRegistry.Load(tmp.File("consent.json"));

        Assert.That(again.Pseudonym(again.Find("ath-01")!), Is.EqualTo(a));
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(a, Does.Match("^P-[0-9a-f]{12}$"));
        Assert.That(File.ReadAllBytes(tmp.File("consent.json.key")), Has.Length.EqualTo(32));
        // Another key (another registry folder) gives other pseudonyms: they are not a hash of the id alone.
        ConsentRegistry otherKey = ConsentRegistry.Parse(TwoAthletes, "other", null);
        Assert.That(otherKey.Pseudonym(otherKey.Find("ath-01")!), Is.Not.EqualTo(a));
    }
}
