"""A strict reader of the Prometheus text exposition format (0.0.4), as
node_exporter's textfile collector takes it, for `clawform status
--prometheus`: metric and label name grammar, label value escapes, float
values, at most one HELP and one TYPE per family and both before its
samples, each family's samples together, no series twice, no family without samples, a newline
at the end, and (clawform's own rule) a project label on every sample.
Usage: prometheus_check.py FILE
Prints each sample as `name{label="value",...} value` (labels sorted) and
exits 0; or prints `FILE:LINE: what is wrong` for every problem and exits 1."""
import re
import sys

METRIC = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")
LABEL = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*")
FLOAT = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|Inf|inf)|NaN")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}
# Suffixes a histogram's or summary's samples may add to the family name.
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("_sum", "_count")}


def parse_labels(text, at, line_error):
    """Labels from text[at] == '{' to the closing '}': (labels, index after '}')."""
    labels = {}
    i = at + 1
    while True:
        if i < len(text) and text[i] == "}":
            return labels, i + 1
        m = LABEL.match(text, i)
        if not m:
            raise line_error(f"bad label name at column {i + 1}")
        name = m.group(0)
        if name.startswith("__"):
            raise line_error(f"label name {name} is reserved (starts with __)")
        i = m.end()
        if text[i:i + 2] != '="':
            raise line_error(f'label {name}: expected =" at column {i + 1}')
        i += 2
        value = []
        while True:
            if i >= len(text):
                raise line_error(f"label {name}: unterminated value")
            c = text[i]
            if c == "\\":
                nxt = text[i + 1:i + 2]
                if nxt not in ("\\", '"', "n"):
                    raise line_error(f"label {name}: bad escape \\{nxt}")
                value.append("\n" if nxt == "n" else nxt)
                i += 2
            elif c == '"':
                i += 1
                break
            elif c == "\n":
                raise line_error(f"label {name}: raw newline in value")
            else:
                value.append(c)
                i += 1
        if name in labels:
            raise line_error(f"label {name} given twice")
        labels[name] = "".join(value)
        if i < len(text) and text[i] == ",":
            i += 1
        elif i < len(text) and text[i] == "}":
            continue
        else:
            raise line_error(f"expected , or }} after label {name} at column {i + 1}")


def escape(value):
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def family_of(name, types):
    """The family a sample belongs to (a histogram's _bucket to its base)."""
    for base, kind in types.items():
        for suffix in SUFFIXES.get(kind, ()):
            if name == base + suffix:
                return base
    return name


def check(path):
    problems = []
    samples = []
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return [f"{path}: not UTF-8 ({e})"], []
    if text and not text.endswith("\n"):
        problems.append(f"{path}: does not end with a newline")
    helps, types = {}, {}
    sampled = set()       # families with samples already
    finished = set()      # families another family's lines came after
    current = None        # the family of the last line
    series = set()
    for number, line in enumerate(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"), 1):

        def line_error(message, number=number):
            return ValueError(f"{path}:{number}: {message}")

        def enter(family):
            nonlocal current
            if family != current:
                if family in finished or family in sampled:
                    raise line_error(f"family {family} is not contiguous")
                if current is not None:
                    finished.add(current)
                current = family

        try:
            if not line.strip():
                continue
            if line.startswith("#"):
                parts = line.split(None, 3)
                if len(parts) >= 2 and parts[1] in ("HELP", "TYPE"):
                    if len(parts) < 3 or not METRIC.fullmatch(parts[2]):
                        raise line_error(f"# {parts[1]} without a valid metric name")
                    name = parts[2]
                    enter(name)
                    if name in sampled:
                        raise line_error(f"# {parts[1]} {name} after its samples")
                    if parts[1] == "HELP":
                        if name in helps:
                            raise line_error(f"second # HELP for {name}")
                        doc = parts[3] if len(parts) > 3 else ""
                        if not re.fullmatch(r"(?:[^\\]|\\[\\n])*", doc):
                            raise line_error(f"# HELP {name}: bad escape in the docstring")
                        helps[name] = doc
                    else:
                        if name in types:
                            raise line_error(f"second # TYPE for {name}")
                        if len(parts) != 4 or parts[3] not in TYPES:
                            raise line_error(f"# TYPE {name}: not one of {sorted(TYPES)}")
                        types[name] = parts[3]
                continue
            m = METRIC.match(line)
            if not m:
                raise line_error("not a metric name at the start of a sample")
            name = m.group(0)
            i = m.end()
            labels = {}
            if i < len(line) and line[i] == "{":
                labels, i = parse_labels(line, i, line_error)
            rest = line[i:]
            if not rest.startswith(" "):
                raise line_error("expected a space before the value")
            fields = rest.split(" ")[1:]
            if len(fields) not in (1, 2) or not FLOAT.fullmatch(fields[0]):
                raise line_error(f"bad value {rest.strip()!r}")
            if len(fields) == 2 and not re.fullmatch(r"-?[0-9]+", fields[1]):
                raise line_error(f"bad timestamp {fields[1]!r}")
            family = family_of(name, types)
            enter(family)
            if family not in types:
                raise line_error(f"sample of {name} before (or without) its # TYPE")
            if family not in helps:
                raise line_error(f"sample of {name} before (or without) its # HELP")
            sampled.add(family)
            if "project" not in labels:
                raise line_error(f"sample of {name} without a project label")
            key = (name, tuple(sorted(labels.items())))
            if key in series:
                raise line_error(f"series {name}{labels} given twice")
            series.add(key)
            shown = ",".join(f'{k}="{escape(v)}"' for k, v in sorted(labels.items()))
            samples.append(f"{name}{{{shown}}} {fields[0]}")
        except ValueError as e:
            problems.append(str(e))
    for name in set(helps) | set(types):
        if name not in sampled:
            problems.append(f"{path}: family {name} has no samples")
    return problems, samples


def main():
    problems, samples = check(sys.argv[1])
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print("\n".join(samples))


if __name__ == "__main__":
    main()
