using System.Text.Json.Nodes;
using OpenClaw.Gateway.Config;

namespace OpenClaw.Gateway.Tests.Config;

public class Json5ReaderTests
{
    // The example from https://spec.json5.org/#introduction and json5.org.
    private const string SpecExample = """
        // This file is written in JSON5 syntax, naturally, but npm needs a regular
        // JSON file, so compile via `npm run build`. Be sure to keep both in sync!

        {
          // comments
          unquoted: 'and you can quote me on that',
          singleQuotes: 'I can use "double quotes" here',
          lineBreaks: "Look, Mom! \
        No \\n's!",
          hexadecimal: 0xdecaf,
          leadingDecimalPoint: .8675309, andTrailing: 8675309.,
          positiveSign: +1,
          trailingComma: 'in objects', andIn: ['arrays',],
          "backwardsCompatible": "with JSON",
          /* block
             comment */
          infinity: Infinity,
          negInfinity: -Infinity,
          notANumber: NaN,
          escapes: '\x41\u0042\t\'',
          $dollar_key: null,
        }
        """;

    [Fact]
    public void Parses_the_json5_spec_example()
    {
        var root = Json5Reader.Parse(SpecExample).Root!.AsObject();

        Assert.Equal("and you can quote me on that", (string?)root["unquoted"]);
        Assert.Equal("I can use \"double quotes\" here", (string?)root["singleQuotes"]);
        Assert.Equal("Look, Mom! No \\n's!", (string?)root["lineBreaks"]);
        Assert.Equal(0xdecaf, (long)root["hexadecimal"]!);
        Assert.Equal(0.8675309, (double)root["leadingDecimalPoint"]!, 10);
        Assert.Equal(8675309d, (double)root["andTrailing"]!);
        Assert.Equal(1, (long)root["positiveSign"]!);
        Assert.Equal("in objects", (string?)root["trailingComma"]);
        Assert.Equal(["arrays"], root["andIn"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("with JSON", (string?)root["backwardsCompatible"]);
        Assert.True(double.IsPositiveInfinity((double)root["infinity"]!));
        Assert.True(double.IsNegativeInfinity((double)root["negInfinity"]!));
        Assert.True(double.IsNaN((double)root["notANumber"]!));
        Assert.Equal("AB\t'", (string?)root["escapes"]);
        Assert.True(root.ContainsKey("$dollar_key"));
    }

    [Fact]
    public void Records_the_line_of_every_key_path()
    {
        var doc = Json5Reader.Parse("{\n  gateway: {\n    port: 1,\n  },\n  agents: { list: [\n { id: 'a' },\n ] },\n}");

        Assert.Equal(2, doc.LineOf("gateway"));
        Assert.Equal(3, doc.LineOf("gateway.port"));
        Assert.Equal(6, doc.LineOf("agents.list[0].id"));
    }

    [Theory]
    [InlineData("{ a: 1 b: 2 }", 1, "expected ',' or '}'")]
    [InlineData("{\n  a: 'unterminated\n}", 2, "unescaped line break")]
    [InlineData("{\n\n  a: [1, 2,, ]\n}", 3, "unexpected character ','")]
    [InlineData("{ a: 01 }", 1, "leading zeros")]
    [InlineData("{ a: tru }", 1, "unexpected word 'tru'")]
    [InlineData("{\n /* never closed", 2, "unterminated block comment")]
    public void Syntax_errors_name_line_and_reason(string text, int line, string reason)
    {
        var ex = Assert.Throws<Json5Exception>(() => Json5Reader.Parse(text));

        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_json_still_parses()
    {
        var root = Json5Reader.Parse("""{"a":[1,2.5,-3e2,true,false,null,"x\u00e9"]}""").Root!;

        Assert.Equal("""[1,2.5,-300,true,false,null,"x\u00E9"]""", root["a"]!.ToJsonString());
        Assert.IsType<JsonArray>(root["a"]);
    }
}
