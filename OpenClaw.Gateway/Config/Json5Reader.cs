using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenClaw.Gateway.Config;

/// <summary>A parsed JSON5 document: the value tree plus the line each key path starts on (for error messages).</summary>
public sealed record Json5Document(JsonNode? Root, IReadOnlyDictionary<string, int> Lines)
{
    public int? LineOf(string path) => Lines.TryGetValue(path, out var line) ? line : null;
}

/// <summary>Thrown for JSON5 syntax errors; carries the 1-based line and column.</summary>
public sealed class Json5Exception(string message, int line, int column)
    : FormatException($"{message} at line {line}, column {column}")
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    public string Reason { get; } = message;
}

/// <summary>
/// A JSON5 reader (https://spec.json5.org): comments, trailing commas, unquoted (ES5 identifier) keys,
/// single-quoted strings, line continuations, hex numbers, leading/trailing decimal points, explicit
/// plus sign, Infinity and NaN. Written in-house so errors can name the line of every key path.
/// </summary>
public static class Json5Reader
{
    public static Json5Document Parse(string text)
    {
        var parser = new Parser(text);
        return parser.ParseDocument();
    }

    private sealed class Parser(string text)
    {
        private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        public Json5Document ParseDocument()
        {
            if (_pos < text.Length && text[_pos] == '\uFEFF')
            {
                _pos++;
            }

            SkipTrivia();
            if (_pos >= text.Length)
            {
                throw Error("empty document: expected a value");
            }

            var root = ParseValue("");
            SkipTrivia();
            if (_pos < text.Length)
            {
                throw Error($"unexpected character '{text[_pos]}' after the end of the document");
            }

            return new Json5Document(root, _lines);
        }

        private JsonNode? ParseValue(string path)
        {
            _lines.TryAdd(path, _line);
            var c = Peek();
            switch (c)
            {
                case '{':
                    return ParseObject(path);
                case '[':
                    return ParseArray(path);
                case '"':
                case '\'':
                    return JsonValue.Create(ParseString());
                default:
                    if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
                    {
                        return ParseNumber();
                    }

                    if (IsIdentifierStart(c))
                    {
                        var word = ParseIdentifier();
                        return word switch
                        {
                            "true" => JsonValue.Create(true),
                            "false" => JsonValue.Create(false),
                            "null" => null,
                            "Infinity" => JsonValue.Create(double.PositiveInfinity),
                            "NaN" => JsonValue.Create(double.NaN),
                            _ => throw Error($"unexpected word '{word}' (strings need quotes)"),
                        };
                    }

                    throw Error(_pos >= text.Length ? "unexpected end of input" : $"unexpected character '{c}'");
            }
        }

        private JsonObject ParseObject(string path)
        {
            _pos++;
            var obj = new JsonObject();
            while (true)
            {
                SkipTrivia();
                if (Peek() == '}')
                {
                    _pos++;
                    return obj;
                }

                var keyLine = _line;
                var key = Peek() is '"' or '\'' ? ParseString() : IsIdentifierStart(Peek()) ? ParseIdentifier() : throw Error("expected a property name or '}'");
                var childPath = path.Length == 0 ? key : path + "." + key;
                SkipTrivia();
                Expect(':');
                SkipTrivia();
                _lines[childPath] = keyLine;
                if (obj.ContainsKey(key))
                {
                    obj.Remove(key);
                }

                obj[key] = ParseValue(childPath);
                _lines[childPath] = keyLine;
                SkipTrivia();
                var next = Peek();
                if (next == ',')
                {
                    _pos++;
                    continue;
                }

                if (next == '}')
                {
                    _pos++;
                    return obj;
                }

                throw Error("expected ',' or '}' after a property value");
            }
        }

        private JsonArray ParseArray(string path)
        {
            _pos++;
            var array = new JsonArray();
            while (true)
            {
                SkipTrivia();
                if (Peek() == ']')
                {
                    _pos++;
                    return array;
                }

                array.Add(ParseValue($"{path}[{array.Count}]"));
                SkipTrivia();
                var next = Peek();
                if (next == ',')
                {
                    _pos++;
                    continue;
                }

                if (next == ']')
                {
                    _pos++;
                    return array;
                }

                throw Error("expected ',' or ']' after an array element");
            }
        }

        private string ParseString()
        {
            var quote = text[_pos++];
            var sb = new StringBuilder();
            while (true)
            {
                if (_pos >= text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = text[_pos++];
                if (c == quote)
                {
                    return sb.ToString();
                }

                if (c is '\n' or '\r')
                {
                    throw Error("unescaped line break in string (end the line with '\\' to continue it)");
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (_pos >= text.Length)
                {
                    throw Error("unterminated string");
                }

                var e = text[_pos++];
                switch (e)
                {
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'v': sb.Append('\v'); break;
                    case '0' when _pos >= text.Length || !char.IsAsciiDigit(text[_pos]): sb.Append('\0'); break;
                    case 'x': sb.Append((char)ReadHex(2)); break;
                    case 'u': sb.Append((char)ReadHex(4)); break;
                    case '\r':
                        if (_pos < text.Length && text[_pos] == '\n')
                        {
                            _pos++;
                        }

                        NewLine();
                        break;
                    case '\n' or '\u2028' or '\u2029':
                        NewLine();
                        break;
                    default:
                        if (char.IsAsciiDigit(e))
                        {
                            throw Error("octal escapes are not allowed");
                        }

                        sb.Append(e);
                        break;
                }
            }
        }

        private int ReadHex(int digits)
        {
            if (_pos + digits > text.Length || !int.TryParse(text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                throw Error("invalid hex escape");
            }

            _pos += digits;
            return value;
        }

        private JsonNode ParseNumber()
        {
            var start = _pos;
            var negative = false;
            if (Peek() is '+' or '-')
            {
                negative = text[_pos] == '-';
                _pos++;
            }

            if (IsIdentifierStart(Peek()))
            {
                var word = ParseIdentifier();
                return word switch
                {
                    "Infinity" => JsonValue.Create(negative ? double.NegativeInfinity : double.PositiveInfinity),
                    "NaN" => JsonValue.Create(double.NaN),
                    _ => throw Error($"invalid number '{text[start.._pos]}'"),
                };
            }

            if (Peek() == '0' && _pos + 1 < text.Length && text[_pos + 1] is 'x' or 'X')
            {
                _pos += 2;
                var hexStart = _pos;
                while (_pos < text.Length && char.IsAsciiHexDigit(text[_pos]))
                {
                    _pos++;
                }

                if (hexStart == _pos)
                {
                    throw Error("invalid hex number");
                }

                var hex = long.Parse(text.AsSpan(hexStart, _pos - hexStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                return JsonValue.Create(negative ? -hex : hex);
            }

            var digitsStart = _pos;
            var isInteger = true;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] is '.' or 'e' or 'E' || (text[_pos] is '+' or '-' && text[_pos - 1] is 'e' or 'E')))
            {
                isInteger &= char.IsAsciiDigit(text[_pos]);
                _pos++;
            }

            var literal = text[digitsStart.._pos];
            if (literal.Length == 0 || literal == ".")
            {
                throw Error($"invalid number '{text[start.._pos]}'");
            }

            if (literal.Length > 1 && literal[0] == '0' && char.IsAsciiDigit(literal[1]))
            {
                throw Error("numbers may not have leading zeros");
            }

            if (isInteger && long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
            {
                return JsonValue.Create(negative ? -whole : whole);
            }

            var normalized = literal.EndsWith('.') ? literal + "0" : literal;
            normalized = normalized.StartsWith('.') ? "0" + normalized : normalized;
            if (!double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw Error($"invalid number '{text[start.._pos]}'");
            }

            return JsonValue.Create(negative ? -number : number);
        }

        private string ParseIdentifier()
        {
            var sb = new StringBuilder();
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '\\' && _pos + 1 < text.Length && text[_pos + 1] == 'u')
                {
                    _pos += 2;
                    sb.Append((char)ReadHex(4));
                    continue;
                }

                if (sb.Length == 0 ? !IsIdentifierStart(c) : !IsIdentifierPart(c))
                {
                    break;
                }

                sb.Append(c);
                _pos++;
            }

            return sb.ToString();
        }

        private static bool IsIdentifierStart(char c) => c is '$' or '_' or '\\' || char.IsLetter(c);

        private static bool IsIdentifierPart(char c) =>
            IsIdentifierStart(c) || char.IsDigit(c) || c is '\u200C' or '\u200D' ||
            char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation;

        private void SkipTrivia()
        {
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '\n' || c == '\u2028' || c == '\u2029' || (c == '\r' && (_pos + 1 >= text.Length || text[_pos + 1] != '\n')))
                {
                    _pos++;
                    NewLine();
                }
                else if (c is ' ' or '\t' or '\v' or '\f' or '\r' or '\u00A0' or '\uFEFF' || char.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator)
                {
                    _pos++;
                }
                else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '/')
                {
                    while (_pos < text.Length && text[_pos] is not ('\n' or '\r' or '\u2028' or '\u2029'))
                    {
                        _pos++;
                    }
                }
                else if (c == '/' && _pos + 1 < text.Length && text[_pos + 1] == '*')
                {
                    var (line, col) = (_line, _pos - _lineStart + 1);
                    _pos += 2;
                    while (true)
                    {
                        if (_pos + 1 >= text.Length)
                        {
                            throw new Json5Exception("unterminated block comment", line, col);
                        }

                        if (text[_pos] == '*' && text[_pos + 1] == '/')
                        {
                            _pos += 2;
                            break;
                        }

                        if (text[_pos] == '\n')
                        {
                            _pos++;
                            NewLine();
                            continue;
                        }

                        _pos++;
                    }
                }
                else
                {
                    return;
                }
            }
        }

        private void NewLine()
        {
            _line++;
            _lineStart = _pos;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : '\0';

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"expected '{c}'");
            }

            _pos++;
        }

        private Json5Exception Error(string message) => new(message, _line, _pos - _lineStart + 1);
    }
}
