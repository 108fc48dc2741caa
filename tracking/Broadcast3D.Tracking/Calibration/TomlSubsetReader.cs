using System.Globalization;
using System.Text;

namespace Broadcast3D.Tracking.Calibration;

/// <summary>
/// Reads the subset of TOML 1.0 (toml.io/en/v1.0.0) that calibration files use: comments, <c>[table]</c> headers
/// with a bare or quoted name, <c>key = value</c> with bare or quoted keys, and values that are basic or literal
/// strings, booleans, decimal integers and floats, and arrays of those (nested, spanning lines, trailing comma).
/// Everything else — dotted keys and table names, arrays of tables, inline tables, multi-line strings, dates,
/// hexadecimal/octal/binary integers, inf and nan — is rejected with a <see cref="CalibrationFormatException"/>
/// giving the line and column. No TOML package is available from the project's NuGet feed, hence this reader.
/// Stateless and thread-safe.
/// </summary>
public static class TomlSubsetReader
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="source"/> names it in error messages.</summary>
    /// <returns>The tables in file order, the root table (name "") first.</returns>
    /// <exception cref="CalibrationFormatException">Syntax outside the subset, or a duplicate key or table.</exception>
    public static IReadOnlyList<TomlTable> Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text, source);
        return parser.Document();
    }

    private sealed class Parser(string text, string source)
    {
        private int _pos;
        private int _line = 1;
        private int _lineStart;

        private int Column => _pos - _lineStart + 1;

        private char Current => _pos < text.Length ? text[_pos] : '\0';

        private bool AtEnd => _pos >= text.Length;

        public List<TomlTable> Document()
        {
            var root = new TomlTable(string.Empty, 0);
            var tables = new List<TomlTable> { root };
            TomlTable current = root;
            while (true)
            {
                SkipSpaces();
                if (AtEnd)
                {
                    return tables;
                }

                char c = Current;
                if (c == '#' || c == '\n' || c == '\r')
                {
                    EndOfLine();
                }
                else if (c == '[')
                {
                    int line = _line, column = Column;
                    _pos++;
                    if (Current == '[')
                    {
                        throw Error("arrays of tables ([[...]]) are outside the supported TOML subset");
                    }

                    SkipSpaces();
                    string name = Key();
                    SkipSpaces();
                    Expect(']', "']' to close the table header (dotted table names are outside the supported subset)");
                    EndOfLine();
                    foreach (TomlTable existing in tables)
                    {
                        if (existing.Name == name && existing.Line > 0)
                        {
                            throw new CalibrationFormatException(source, line, column, $"table [{name}] is defined twice (first at line {existing.Line})");
                        }
                    }

                    current = new TomlTable(name, line);
                    tables.Add(current);
                }
                else
                {
                    int line = _line, column = Column;
                    string key = Key();
                    SkipSpaces();
                    if (Current == '.')
                    {
                        throw Error("dotted keys are outside the supported TOML subset");
                    }

                    Expect('=', $"'=' after key '{key}'");
                    SkipSpaces();
                    object value = Value();
                    EndOfLine();
                    if (!current.TryAdd(new TomlEntry(key, value, line, column)))
                    {
                        throw new CalibrationFormatException(source, line, column, $"key '{key}' is defined twice in table [{current.Name}]");
                    }
                }
            }
        }

        private string Key()
        {
            if (Current == '"' || Current == '\'')
            {
                return StringValue();
            }

            int start = _pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current == '_' || Current == '-'))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Error(AtEnd ? "a key was expected, found the end of the file" : $"a key was expected, found '{Current}'");
            }

            return text[start.._pos];
        }

        private object Value()
        {
            char c = Current;
            if (c == '"' || c == '\'')
            {
                return StringValue();
            }

            if (c == '[')
            {
                return ArrayValue();
            }

            if (c == '{')
            {
                throw Error("inline tables are outside the supported TOML subset");
            }

            int start = _pos;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(Current) || Current is '+' or '-' or '.' or '_' or ':'))
            {
                _pos++;
            }

            string token = text[start.._pos];
            if (token.Length == 0)
            {
                throw Error(AtEnd ? "a value was expected, found the end of the file" : $"a value was expected, found '{c}'");
            }

            if (token == "true")
            {
                return true;
            }

            if (token == "false")
            {
                return false;
            }

            return Number(token, start);
        }

        private double Number(string token, int start)
        {
            int column = start - _lineStart + 1;
            string digits = token.Replace("_", string.Empty, StringComparison.Ordinal);
            bool plain = digits.Length > 0;
            foreach (char ch in digits)
            {
                plain &= char.IsAsciiDigit(ch) || ch is '+' or '-' or '.' or 'e' or 'E';
            }

            if (!plain || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new CalibrationFormatException(source, _line, column,
                    $"'{token}' is not a decimal number, string, boolean or array (dates, hex/octal/binary, inf and nan are outside the supported subset)");
            }

            if (!double.IsFinite(value))
            {
                throw new CalibrationFormatException(source, _line, column, $"'{token}' is out of range for a double");
            }

            return value;
        }

        private List<object> ArrayValue()
        {
            _pos++; // '['
            var items = new List<object>();
            while (true)
            {
                SkipSpacesNewlinesAndComments();
                if (Current == ']')
                {
                    _pos++;
                    return items;
                }

                items.Add(Value());
                SkipSpacesNewlinesAndComments();
                if (Current == ',')
                {
                    _pos++;
                    continue;
                }

                Expect(']', "',' or ']' in the array");
                return items;
            }
        }

        private string StringValue()
        {
            char quote = Current;
            if (_pos + 2 < text.Length && text[_pos + 1] == quote && text[_pos + 2] == quote)
            {
                throw Error("multi-line strings are outside the supported TOML subset");
            }

            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd || Current == '\n' || Current == '\r')
                {
                    throw Error("the string is not closed on this line");
                }

                char c = Current;
                _pos++;
                if (c == quote)
                {
                    return builder.ToString();
                }

                if (c == '\\' && quote == '"')
                {
                    builder.Append(Escape());
                }
                else
                {
                    builder.Append(c);
                }
            }
        }

        private string Escape()
        {
            char c = Current;
            _pos++;
            switch (c)
            {
                case '"': return "\"";
                case '\\': return "\\";
                case 'b': return "\b";
                case 'f': return "\f";
                case 'n': return "\n";
                case 'r': return "\r";
                case 't': return "\t";
                case 'u' or 'U':
                    int length = c == 'u' ? 4 : 8;
                    if (_pos + length > text.Length
                        || !int.TryParse(text.AsSpan(_pos, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int code)
                        || code is < 0 or > 0x10FFFF or (>= 0xD800 and <= 0xDFFF))
                    {
                        throw Error($"invalid \\{c} escape");
                    }

                    _pos += length;
                    return char.ConvertFromUtf32(code);
                default:
                    _pos--;
                    throw Error($"unknown escape '\\{c}'");
            }
        }

        private void SkipSpaces()
        {
            while (Current is ' ' or '\t')
            {
                _pos++;
            }
        }

        private void SkipSpacesNewlinesAndComments()
        {
            while (true)
            {
                SkipSpaces();
                if (Current == '#')
                {
                    SkipComment();
                }
                else if (Current is '\n' or '\r')
                {
                    NewLine();
                }
                else
                {
                    return;
                }
            }
        }

        // After a header or value only spaces and a comment may follow on the line.
        private void EndOfLine()
        {
            SkipSpaces();
            if (Current == '#')
            {
                SkipComment();
            }

            if (AtEnd)
            {
                return;
            }

            if (Current is not ('\n' or '\r'))
            {
                throw Error($"unexpected '{Current}' after the value (one key = value per line)");
            }

            NewLine();
        }

        private void SkipComment()
        {
            while (!AtEnd && Current is not ('\n' or '\r'))
            {
                _pos++;
            }
        }

        private void NewLine()
        {
            if (Current == '\r')
            {
                _pos++;
                if (Current != '\n')
                {
                    throw Error("a bare carriage return is not a valid line ending");
                }
            }

            _pos++;
            _line++;
            _lineStart = _pos;
        }

        private void Expect(char expected, string what)
        {
            if (Current != expected)
            {
                throw Error(AtEnd ? $"expected {what}, found the end of the file" : $"expected {what}, found '{Current}'");
            }

            _pos++;
        }

        private CalibrationFormatException Error(string message) => new(source, _line, Column, message);
    }
}
