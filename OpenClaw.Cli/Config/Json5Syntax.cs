using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenClaw.Cli.Config;

/// <summary>A JSON5 syntax error with its 1-based line and column.</summary>
internal sealed class Json5SyntaxException(string reason, int line, int column)
    : FormatException($"{reason} at line {line}, column {column}")
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

/// <summary>Where a value sits in the source text, so edits can replace just that span and keep everything else.</summary>
internal abstract record Json5Span(int Start, int End);

internal sealed record Json5Scalar(int Start, int End, JsonNode? Value) : Json5Span(Start, End);

internal sealed record Json5Member(string Key, int KeyStart, Json5Span Value, int? CommaEnd);

internal sealed record Json5Object(int Start, int End, IReadOnlyList<Json5Member> Members) : Json5Span(Start, End);

internal sealed record Json5Array(int Start, int End, IReadOnlyList<Json5Span> Items) : Json5Span(Start, End);

/// <summary>
/// A JSON5 parser (https://spec.json5.org) that keeps source positions: comments, trailing commas, unquoted keys,
/// single quotes, hex, Infinity/NaN. The CLI has its own (it must not reference the gateway) and needs spans for
/// comment-preserving edits, which the gateway's reader does not keep.
/// </summary>
internal sealed class Json5Syntax(string text)
{
    private int _pos;

    public static Json5Span Parse(string text)
    {
        var parser = new Json5Syntax(text);
        parser.SkipTrivia();
        var value = parser.ParseValue();
        parser.SkipTrivia();
        if (parser._pos < text.Length)
        {
            throw parser.Error($"unexpected '{text[parser._pos]}' after the end of the document");
        }

        return value;
    }

    public static JsonNode? ToNode(Json5Span span) => span switch
    {
        Json5Scalar s => s.Value?.DeepClone(),
        Json5Array a => new JsonArray([.. a.Items.Select(ToNode)]),
        Json5Object o => ToObject(o),
        _ => null,
    };

    private static JsonObject ToObject(Json5Object o)
    {
        var result = new JsonObject();
        foreach (var member in o.Members)
        {
            result[member.Key] = ToNode(member.Value);
        }

        return result;
    }

    private Json5Span ParseValue()
    {
        if (_pos >= text.Length)
        {
            throw Error("unexpected end of file, expected a value");
        }

        var start = _pos;
        var c = text[_pos];
        switch (c)
        {
            case '{':
                return ParseObject();
            case '[':
                return ParseArray();
            case '"' or '\'':
                return new Json5Scalar(start, SkipString(out var s), JsonValue.Create(s));
        }

        if (TryWord("true"))
        {
            return new Json5Scalar(start, _pos, JsonValue.Create(true));
        }

        if (TryWord("false"))
        {
            return new Json5Scalar(start, _pos, JsonValue.Create(false));
        }

        if (TryWord("null"))
        {
            return new Json5Scalar(start, _pos, null);
        }

        return ParseNumber();
    }

    private Json5Object ParseObject()
    {
        var start = _pos++;
        var members = new List<Json5Member>();
        while (true)
        {
            SkipTrivia();
            if (_pos >= text.Length)
            {
                throw Error("unexpected end of file, expected '}'");
            }

            if (text[_pos] == '}')
            {
                _pos++;
                return new Json5Object(start, _pos, members);
            }

            var keyStart = _pos;
            var key = ParseKey();
            SkipTrivia();
            if (_pos >= text.Length || text[_pos] != ':')
            {
                throw Error($"expected ':' after key '{key}'");
            }

            _pos++;
            SkipTrivia();
            var value = ParseValue();
            SkipTrivia();
            int? comma = null;
            if (_pos < text.Length && text[_pos] == ',')
            {
                comma = ++_pos;
            }
            else if (_pos < text.Length && text[_pos] != '}')
            {
                throw Error($"expected ',' or '}}' after the value of '{key}'");
            }

            members.RemoveAll(m => m.Key == key);
            members.Add(new Json5Member(key, keyStart, value, comma));
        }
    }

    private Json5Array ParseArray()
    {
        var start = _pos++;
        var items = new List<Json5Span>();
        while (true)
        {
            SkipTrivia();
            if (_pos >= text.Length)
            {
                throw Error("unexpected end of file, expected ']'");
            }

            if (text[_pos] == ']')
            {
                _pos++;
                return new Json5Array(start, _pos, items);
            }

            items.Add(ParseValue());
            SkipTrivia();
            if (_pos < text.Length && text[_pos] == ',')
            {
                _pos++;
            }
            else if (_pos < text.Length && text[_pos] != ']')
            {
                throw Error("expected ',' or ']' in array");
            }
        }
    }

    private string ParseKey()
    {
        if (text[_pos] is '"' or '\'')
        {
            SkipString(out var quoted);
            return quoted;
        }

        var start = _pos;
        while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] is '_' or '$'))
        {
            _pos++;
        }

        return _pos == start ? throw Error($"unexpected '{text[_pos]}', expected a key") : text[start.._pos];
    }

    private int SkipString(out string value)
    {
        var quote = text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= text.Length || text[_pos] is '\n')
            {
                throw Error("unterminated string");
            }

            var c = text[_pos++];
            if (c == quote)
            {
                value = sb.ToString();
                return _pos;
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            var e = _pos < text.Length ? text[_pos++] : throw Error("unterminated string");
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '0': sb.Append('\0'); break;
                case '\r' when _pos < text.Length && text[_pos] == '\n': _pos++; break;
                case '\n' or '\r': break;
                case 'u' when _pos + 4 <= text.Length && int.TryParse(text.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    _pos += 4;
                    break;
                case 'x' when _pos + 2 <= text.Length && int.TryParse(text.AsSpan(_pos, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex):
                    sb.Append((char)hex);
                    _pos += 2;
                    break;
                default: sb.Append(e); break;
            }
        }
    }

    private Json5Scalar ParseNumber()
    {
        var start = _pos;
        var sign = 1.0;
        if (text[_pos] is '+' or '-')
        {
            sign = text[_pos] == '-' ? -1 : 1;
            _pos++;
        }

        if (TryWord("Infinity"))
        {
            return new Json5Scalar(start, _pos, JsonValue.Create(sign * double.PositiveInfinity));
        }

        if (TryWord("NaN"))
        {
            return new Json5Scalar(start, _pos, JsonValue.Create(double.NaN));
        }

        if (_pos + 1 < text.Length && text[_pos] == '0' && text[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var hexStart = _pos;
            while (_pos < text.Length && Uri.IsHexDigit(text[_pos]))
            {
                _pos++;
            }

            return long.TryParse(text.AsSpan(hexStart, _pos - hexStart), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex)
                ? new Json5Scalar(start, _pos, JsonValue.Create((long)sign * hex))
                : throw Error("invalid hex number");
        }

        var digitsStart = _pos;
        while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] is '.' or 'e' or 'E' or '+' or '-'))
        {
            _pos++;
        }

        var literal = text[digitsStart.._pos];
        if (literal.Length == 0)
        {
            throw Error($"unexpected '{text[start]}', expected a value");
        }

        if (!literal.Contains('.') && !literal.Contains('e') && !literal.Contains('E') && long.TryParse(literal, CultureInfo.InvariantCulture, out var integer))
        {
            return new Json5Scalar(start, _pos, JsonValue.Create((long)sign * integer));
        }

        return double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? new Json5Scalar(start, _pos, JsonValue.Create(sign * number))
            : throw Error($"invalid number '{literal}'");
    }

    private bool TryWord(string word)
    {
        if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0
            || (_pos + word.Length < text.Length && (char.IsLetterOrDigit(text[_pos + word.Length]) || text[_pos + word.Length] == '_')))
        {
            return false;
        }

        _pos += word.Length;
        return true;
    }

    private void SkipTrivia()
    {
        while (_pos < text.Length)
        {
            if (char.IsWhiteSpace(text[_pos]) || text[_pos] == '\uFEFF')
            {
                _pos++;
            }
            else if (text[_pos] == '/' && _pos + 1 < text.Length && text[_pos + 1] == '/')
            {
                while (_pos < text.Length && text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (text[_pos] == '/' && _pos + 1 < text.Length && text[_pos + 1] == '*')
            {
                var end = text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                _pos = end < 0 ? throw Error("unterminated /* comment") : end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private Json5SyntaxException Error(string reason)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < Math.Min(_pos, text.Length); i++)
        {
            (line, column) = text[i] == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return new Json5SyntaxException(reason, line, column);
    }
}
