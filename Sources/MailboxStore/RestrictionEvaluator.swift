import MAPIWire

/// The one restriction evaluator (MS-OXCDATA 2.12), used by tables, FindRow and search folders.
///
/// Rules (rop-reference §3.8): a restriction on a property the row lacks is FALSE (NOT of it TRUE;
/// Exist tests presence); a multi-valued property matches when any value matches; string
/// comparisons of relational operators ignore case; CountRestriction is evaluated as its inner
/// restriction (it limits a result set, not a row).
public enum RestrictionEvaluator {
    /// Rejects what the evaluator cannot answer faithfully (RELOP_MEMBER_OF_DL) with ``StoreError/tooComplex``,
    /// and restrictions nested deeper than the wire codec accepts (``Restriction/defaultNestingLimit``):
    /// evaluation recurses, so a restriction built in code must not be deeper than one a client can send.
    public static func validate(_ restriction: Restriction) throws(StoreError) {
        try validate(restriction, depth: 0)
    }

    static func validate(_ restriction: Restriction, depth: Int) throws(StoreError) {
        guard depth < Restriction.defaultNestingLimit else { throw .tooComplex }
        switch restriction {
        case let .and(children), let .or(children):
            for child in children { try validate(child, depth: depth + 1) }
        case let .not(child), let .subObject(_, child), let .count(_, child):
            try validate(child, depth: depth + 1)
        case let .comment(_, child):
            if let child { try validate(child, depth: depth + 1) }
        case let .property(op, _, _), let .compareProperties(op, _, _), let .size(op, _, _):
            if op == .memberOfDistributionList { throw .tooComplex }
        case .content, .bitmask, .exist:
            break
        }
    }

    /// Evaluates `restriction` against one row. `lookup` returns a property by id; `subObjects`
    /// returns the rows of a sub-table (recipients) as property lookups.
    public static func matches(
        _ restriction: Restriction,
        lookup: (UInt16) -> PropertyValue?,
        subObjects: (PropertyTag) -> [PropertyBag] = { _ in [] }
    ) -> Bool {
        switch restriction {
        case let .and(children):
            return children.allSatisfy { matches($0, lookup: lookup, subObjects: subObjects) }
        case let .or(children):
            return children.contains { matches($0, lookup: lookup, subObjects: subObjects) }
        case let .not(child):
            return !matches(child, lookup: lookup, subObjects: subObjects)
        case let .content(fuzzy, tag, tagged):
            guard let value = lookup(tag.id) else { return false }
            return elements(value).contains { contentMatches($0, tagged.value, fuzzy) }
        case let .property(op, tag, tagged):
            guard let value = lookup(tag.id) else { return false }
            return elements(value).contains { element in
                guard let order = PropertyOrdering.compare(element, tagged.value) else { return op == .notEqual }
                return satisfies(op, order)
            }
        case let .compareProperties(op, tag1, tag2):
            guard let left = lookup(tag1.id), let right = lookup(tag2.id),
                  let order = PropertyOrdering.compare(left, right) else { return false }
            return satisfies(op, order)
        case let .bitmask(op, tag, mask):
            guard let value = lookup(tag.id) else { return false }
            let bits: UInt64
            switch value {
            case let .integer16(v): bits = UInt64(UInt16(bitPattern: v))
            case let .integer32(v): bits = UInt64(UInt32(bitPattern: v))
            case let .integer64(v): bits = UInt64(bitPattern: v)
            case let .boolean(v): bits = v ? 1 : 0
            default: return false
            }
            let masked = bits & UInt64(mask)
            return op == .equalToZero ? masked == 0 : masked != 0
        case let .size(op, tag, size):
            guard let value = lookup(tag.id) else { return false }
            let actual = byteSize(value)
            return satisfies(op, actual < Int(size) ? -1 : (actual == Int(size) ? 0 : 1))
        case let .exist(tag):
            return lookup(tag.id) != nil
        case let .subObject(tag, child):
            return subObjects(tag).contains { bag in
                matches(child, lookup: { PropertyAccess.stored(bag, $0) }, subObjects: { _ in [] })
            }
        case let .comment(_, child):
            guard let child else { return true }
            return matches(child, lookup: lookup, subObjects: subObjects)
        case let .count(_, child):
            return matches(child, lookup: lookup, subObjects: subObjects)
        }
    }

    static func satisfies(_ op: RelationalOperator, _ order: Int) -> Bool {
        switch op {
        case .lessThan: order < 0
        case .lessThanOrEqual: order <= 0
        case .greaterThan: order > 0
        case .greaterThanOrEqual: order >= 0
        case .equal: order == 0
        case .notEqual: order != 0
        default: false
        }
    }

    /// The single values of a multi-valued property, or the value itself.
    static func elements(_ value: PropertyValue) -> [PropertyValue] {
        switch value {
        case let .multipleInteger16(vs): vs.map(PropertyValue.integer16)
        case let .multipleInteger32(vs): vs.map(PropertyValue.integer32)
        case let .multipleFloating32(vs): vs.map(PropertyValue.floating32)
        case let .multipleFloating64(vs): vs.map(PropertyValue.floating64)
        case let .multipleCurrency(vs): vs.map(PropertyValue.currency)
        case let .multipleFloatingTime(vs): vs.map(PropertyValue.floatingTime)
        case let .multipleInteger64(vs): vs.map(PropertyValue.integer64)
        case let .multipleString8(vs): vs.map(PropertyValue.string8)
        case let .multipleString(vs): vs.map(PropertyValue.string)
        case let .multipleTime(vs): vs.map(PropertyValue.time)
        case let .multipleGuid(vs): vs.map(PropertyValue.guid)
        case let .multipleBinary(vs): vs.map(PropertyValue.binary)
        default: [value]
        }
    }

    /// SizeRestriction size: bytes of the value (strings with their terminator).
    static func byteSize(_ value: PropertyValue) -> Int {
        switch value {
        case let .binary(b), let .serverID(b): b.count
        default: value.encodedSize
        }
    }

    static func contentMatches(_ value: PropertyValue, _ pattern: PropertyValue, _ fuzzy: FuzzyLevel) -> Bool {
        let ignoreCase = fuzzy.ignoresCase || fuzzy.high & FuzzyLevel.loose != 0
        switch (PropertyOrdering.text(value), PropertyOrdering.text(pattern)) {
        case let (text?, wanted?):
            let haystack = ignoreCase ? text.lowercased() : text
            let needle = ignoreCase ? wanted.lowercased() : wanted
            if fuzzy.isSubstring { return needle.isEmpty || haystack.contains(needle) }
            if fuzzy.isPrefix { return haystack.hasPrefix(needle) }
            return haystack == needle
        default:
            guard let bytes = PropertyOrdering.bytes(value), let wanted = PropertyOrdering.bytes(pattern) else { return false }
            if fuzzy.isSubstring {
                guard !wanted.isEmpty else { return true }
                guard wanted.count <= bytes.count else { return false }
                for start in 0...(bytes.count - wanted.count) where bytes[start..<(start + wanted.count)].elementsEqual(wanted) { return true }
                return false
            }
            if fuzzy.isPrefix { return bytes.starts(with: wanted) }
            return bytes == wanted
        }
    }
}

/// The one ordering of property values, shared by restrictions and table sorts.
public enum PropertyOrdering {
    static func text(_ value: PropertyValue) -> String? {
        switch value {
        case let .string(s): s
        case let .string8(b): String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) }))
        default: nil
        }
    }

    static func bytes(_ value: PropertyValue) -> [UInt8]? {
        switch value {
        case let .binary(b), let .serverID(b): b
        case let .guid(g): g.array
        default: nil
        }
    }

    static func number(_ value: PropertyValue) -> Double? {
        switch value {
        case let .integer16(v): Double(v)
        case let .integer32(v): Double(v)
        case let .integer64(v): Double(v)
        case let .currency(v): Double(v)
        case let .floating32(v): Double(v)
        case let .floating64(v), let .floatingTime(v): v
        case let .boolean(v): v ? 1 : 0
        case let .time(v): Double(v)
        case let .errorCode(v): Double(v.rawValue)
        default: nil
        }
    }

    /// -1, 0, 1; nil when the two values cannot be compared. Strings compare case-insensitively;
    /// 64-bit integers and times compare exactly.
    public static func compare(_ a: PropertyValue, _ b: PropertyValue) -> Int? {
        switch (a, b) {
        case let (.integer64(x), .integer64(y)), let (.currency(x), .currency(y)): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.time(x), .time(y)): return x < y ? -1 : (x == y ? 0 : 1)
        default: break
        }
        if let x = text(a), let y = text(b) {
            let lx = x.lowercased(), ly = y.lowercased()
            return lx < ly ? -1 : (lx == ly ? 0 : 1)
        }
        if let x = number(a), let y = number(b) { return x < y ? -1 : (x == y ? 0 : 1) }
        if let x = bytes(a), let y = bytes(b) {
            for (p, q) in zip(x, y) where p != q { return p < q ? -1 : 1 }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        }
        return nil
    }

    /// A value as a table stores it in a row key: strings already case-folded, so that
    /// ``keyCompare(_:_:)`` compares them without folding again on every comparison.
    static func sortKey(_ value: PropertyValue?) -> PropertyValue? {
        switch value {
        case let .string(s)?: .string(s.lowercased())
        case let .string8(b)?: .string(String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) })).lowercased())
        default: value
        }
    }

    /// ``sortCompare(_:_:)`` for values made by ``sortKey(_:)``.
    static func keyCompare(_ a: PropertyValue?, _ b: PropertyValue?) -> Int {
        switch (a, b) {
        case let (.string(x)?, .string(y)?): return x < y ? -1 : (x == y ? 0 : 1)
        case let (.time(x)?, .time(y)?): return x < y ? -1 : (x == y ? 0 : 1)
        default: return sortCompare(a, b)
        }
    }

    /// Sort comparison: a missing value sorts before any value; incomparable types by type code.
    public static func sortCompare(_ a: PropertyValue?, _ b: PropertyValue?) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return -1
        case (_, nil): return 1
        case let (x?, y?):
            if let order = compare(x, y) { return order }
            return x.type.rawValue < y.type.rawValue ? -1 : (x.type.rawValue == y.type.rawValue ? 0 : 1)
        }
    }
}
