using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenClaw.Cli.Config;

/// <summary>
/// A JSON5 file edited in place: <see cref="Set"/> and <see cref="Unset"/> rewrite only the span of the value
/// they touch, so comments, key order, quoting and blank lines of the rest of the file survive.
/// </summary>
internal sealed partial class Json5Document
{
    private Json5Span _root;

    public Json5Document(string text)
    {
        Text = text;
        _root = Json5Syntax.Parse(text);
    }

    public string Text { get; private set; }

    public JsonNode? Root => Json5Syntax.ToNode(_root);

    public static Json5Document Empty() => new("{\n}\n");

    public JsonNode? Get(IReadOnlyList<object> path) => Find(path) is { } span ? Json5Syntax.ToNode(span) : null;

    public bool Has(IReadOnlyList<object> path) => Find(path) is not null;

    public void Set(IReadOnlyList<object> path, JsonNode? value)
    {
        var current = _root;
        for (var i = 0; i < path.Count; i++)
        {
            var segment = path[i];
            var last = i == path.Count - 1;
            switch (current, segment)
            {
                case (Json5Object obj, string key):
                    var member = obj.Members.FirstOrDefault(m => m.Key == key);
                    if (member is null)
                    {
                        Insert(obj, key, Nest(path.Skip(i + 1).ToList(), value));
                        return;
                    }

                    if (last)
                    {
                        Replace(member.Value, value, IndentAt(member.KeyStart));
                        return;
                    }

                    current = member.Value;
                    break;
                case (Json5Array array, int index) when index < array.Items.Count:
                    if (last)
                    {
                        Replace(array.Items[index], value, IndentAt(array.Items[index].Start));
                        return;
                    }

                    current = array.Items[index];
                    break;
                case (Json5Array array, int index) when index == array.Items.Count:
                    Append(array, Nest(path.Skip(i + 1).ToList(), value));
                    return;
                case (Json5Array, int index):
                    throw new Gateway.CliException($"index [{index}] is past the end of the array at {ConfigPath.Format(path.Take(i))}");
                default:
                    // A scalar (or wrong container) on the way: replace it with the object the path needs.
                    Replace(current, Nest(path.Skip(i).ToList(), value), IndentAt(current.Start));
                    return;
            }
        }

        Replace(current, value, "");
    }

    /// <summary>Removes the key (and its line when it stood alone); false when it was not there.</summary>
    public bool Unset(IReadOnlyList<object> path)
    {
        if (path.Count == 0 || Find(path.Take(path.Count - 1).ToList()) is not { } parent)
        {
            return false;
        }

        int start, end;
        switch (parent, path[^1])
        {
            case (Json5Object obj, string key) when obj.Members.FirstOrDefault(m => m.Key == key) is { } member:
                (start, end) = (member.KeyStart, member.CommaEnd ?? member.Value.End);
                break;
            case (Json5Array array, int index) when index < array.Items.Count:
                start = array.Items[index].Start;
                end = array.Items[index].End;
                if (end < Text.Length && Text.IndexOf(',', end) is var comma && comma >= 0 && Text[end..comma].Trim().Length == 0)
                {
                    end = comma + 1;
                }

                break;
            default:
                return false;
        }

        var lineStart = Text.LastIndexOf('\n', Math.Max(0, start - 1)) + 1;
        var lineEnd = Text.IndexOf('\n', end) is var nl && nl >= 0 ? nl + 1 : Text.Length;
        if (Text[lineStart..start].Trim().Length == 0 && Text[end..lineEnd].Trim().Length == 0)
        {
            (start, end) = (lineStart, lineEnd);
        }

        Edit(start, end, "");
        return true;
    }

    private Json5Span? Find(IReadOnlyList<object> path)
    {
        var current = _root;
        foreach (var segment in path)
        {
            current = (current, segment) switch
            {
                (Json5Object obj, string key) => obj.Members.FirstOrDefault(m => m.Key == key)?.Value,
                (Json5Array array, int index) when index < array.Items.Count => array.Items[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    private static JsonNode? Nest(List<object> rest, JsonNode? value)
    {
        for (var i = rest.Count - 1; i >= 0; i--)
        {
            value = rest[i] is int ? new JsonArray(value) : new JsonObject { [(string)rest[i]] = value };
        }

        return value;
    }

    private void Insert(Json5Object obj, string key, JsonNode? value)
    {
        if (obj.Members.Count == 0)
        {
            var outer = IndentAt(obj.Start);
            var inner = outer + "  ";
            Edit(obj.Start, obj.End, $"{{\n{inner}{Key(key)}: {Render(value, inner)},\n{outer}}}");
            return;
        }

        var lastMember = obj.Members.MaxBy(m => m.Value.End)!;
        var indent = IndentAt(lastMember.KeyStart);
        var afterLast = lastMember.CommaEnd ?? lastMember.Value.End;
        var lineEnd = EndOfLineAfter(afterLast);
        var member = $"{Key(key)}: {Render(value, indent)}";
        if (lineEnd is { } at && IsOwnLine(lastMember.KeyStart))
        {
            // Multi-line object: a new line in the same style, with a trailing comma if the file uses them.
            Edit(at, at, $"\n{indent}{member}{(lastMember.CommaEnd is null ? "" : ",")}");
            if (lastMember.CommaEnd is null)
            {
                Edit(lastMember.Value.End, lastMember.Value.End, ",");
            }

            return;
        }

        Edit(afterLast, afterLast, lastMember.CommaEnd is null ? $", {member}" : $" {member},");
    }

    private void Append(Json5Array array, JsonNode? value)
    {
        if (array.Items.Count == 0)
        {
            Edit(array.Start, array.End, $"[{Render(value, IndentAt(array.Start))}]");
            return;
        }

        var last = array.Items[^1];
        var comma = Text.IndexOf(',', last.End) is var c && c >= 0 && Text[last.End..c].Trim().Length == 0 ? c : -1;
        var rendered = Render(value, IndentAt(last.Start));
        if (IsOwnLine(last.Start))
        {
            var at = comma >= 0 ? comma + 1 : last.End;
            Edit(at, at, (comma >= 0 ? "" : ",") + "\n" + IndentAt(last.Start) + rendered + (comma >= 0 ? "," : ""));
            return;
        }

        Edit(last.End, last.End, ", " + rendered);
    }

    private void Replace(Json5Span span, JsonNode? value, string indent) => Edit(span.Start, span.End, Render(value, indent));

    private void Edit(int start, int end, string replacement)
    {
        var text = Text[..start] + replacement + Text[end..];
        _root = Json5Syntax.Parse(text);
        Text = text;
    }

    private int? EndOfLineAfter(int position)
    {
        var nl = Text.IndexOf('\n', position);
        var rest = nl < 0 ? Text[position..] : Text[position..nl];
        var trimmed = rest.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal) ? (nl < 0 ? Text.Length : nl) : null;
    }

    private bool IsOwnLine(int position)
    {
        var lineStart = Text.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        return Text[lineStart..position].Trim().Length == 0 && Text.LastIndexOf('\n', Math.Max(0, position - 1)) >= 0;
    }

    private string IndentAt(int position)
    {
        var lineStart = Text.LastIndexOf('\n', Math.Max(0, position - 1)) + 1;
        var sb = new StringBuilder();
        for (var i = lineStart; i < Text.Length && Text[i] is ' ' or '\t'; i++)
        {
            sb.Append(Text[i]);
        }

        return sb.ToString();
    }

    private static string Key(string key) => Identifier().IsMatch(key) ? key : JsonSerializer.Serialize(key);

    /// <summary>JSON5 in the file's style: unquoted identifier keys, two-space nesting from the given indent.</summary>
    public static string Render(JsonNode? value, string indent)
    {
        switch (value)
        {
            case JsonObject obj when obj.Count == 0:
                return "{}";
            case JsonObject obj:
                var inner = indent + "  ";
                return "{\n" + string.Concat(obj.Select(p => $"{inner}{Key(p.Key)}: {Render(p.Value, inner)},\n")) + indent + "}";
            case JsonArray array when array.Count == 0:
                return "[]";
            case JsonArray array when array.All(i => i is JsonValue or null):
                return "[" + string.Join(", ", array.Select(i => Render(i, indent))) + "]";
            case JsonArray array:
                var itemIndent = indent + "  ";
                return "[\n" + string.Concat(array.Select(i => $"{itemIndent}{Render(i, itemIndent)},\n")) + indent + "]";
            case null:
                return "null";
            default:
                return value.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }
    }

    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();
}
