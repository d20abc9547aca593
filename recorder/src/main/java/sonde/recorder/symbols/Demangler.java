package sonde.recorder.symbols;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Itanium C++ ABI demangler (the mangling GCC and Clang use on Linux), printing names the way
 * GNU {@code c++filt -p} does: no function parameters and no return type at the top level, so
 * {@code _ZN7rocksdb6DBImpl5WriteERKNS_12WriteOptionsEPNS_10WriteBatchE} becomes
 * {@code rocksdb::DBImpl::Write}. Inner names keep theirs: a local variable's scope prints as
 * {@code f<int>(int)::x}, a thunk as {@code non-virtual thunk to A::f()}.
 *
 * <p>Symbol names come from arbitrary binaries on the host, so input is hostile: anything that
 * is not a complete mangled name, or nests too deeply, or would print too much, comes back
 * unchanged, and nothing throws. Parsing and printing are both bounded (input length, depth,
 * output length and printing steps): a substitution can only refer to what was parsed before
 * it, and a template parameter that leads back to itself is caught when it prints (as c++filt
 * does), so no input loops or blows up.
 *
 * <p>As with {@code c++filt -p}, whatever follows the name is ignored: that is where the
 * parameter types are, and also GCC's clone suffixes, so {@code _Z3foov.cold} and
 * {@code _Z3foov.isra.0} both print {@code foo}. (Without {@code -p} c++filt would print
 * {@code foo() [clone .cold]}.) Legacy Rust names ({@code _ZN...17h<hash>E}), which c++filt
 * also recognizes, are decoded like it does.
 *
 * <p>Structure: a recursive-descent {@link Parser} builds a tree of {@link Node}s following the
 * grammar of the ABI ("5.1 External Names"), keeping the substitution table as it goes; a
 * {@link Printer} then writes C++ declarator syntax, where pointers, references and qualifiers
 * wrap around function and array types ({@code int (*)[3]}, {@code void (A::*)() const}).
 */
public final class Demangler {
    /**
     * Longer names are left alone, as c++filt does (its recursion limit, on by default, refuses
     * names over 1,024 characters). The longest in libstdc++, LLVM, V8 and HotSpot: 604.
     */
    static final int MAX_INPUT = 1024;
    /** Legacy Rust names have no such limit in c++filt; their decoding is linear. */
    static final int MAX_RUST_INPUT = 64 * 1024;
    /** Longer demanglings are given up (the longest in the same corpus: 3,584 characters). */
    static final int MAX_OUTPUT = 64 * 1024;
    /** Nesting of the grammar's productions while parsing, and of nodes while printing. */
    static final int MAX_DEPTH = 256;
    /** Work while printing: substitutions can share a subtree many times over. */
    static final int MAX_STEPS = 1_000_000;

    private Demangler() {
    }

    /**
     * The demangled name as {@code c++filt -p} prints it, or {@code name} itself when it is not
     * a mangled C++ (or legacy Rust) name or cannot be demangled within the bounds.
     */
    public static String demangle(String name) {
        if (name == null || !name.startsWith("_Z")) {
            return name;
        }
        try {
            String out = demangleOrNull(name);
            return out == null ? name : out;
        } catch (RuntimeException | StackOverflowError e) {
            return name; // a bug here must not cost a sample; the bounds make this unreachable
        }
    }

    /** The demangling, or null when there is none; bugs surface as exceptions (for tests). */
    static String demangleOrNull(String name) {
        if (!name.startsWith("_Z") || name.length() > MAX_RUST_INPUT) {
            return null;
        }
        try {
            String rust = RustLegacy.demangle(name);
            if (rust != null) {
                return rust;
            }
            if (name.length() > MAX_INPUT) {
                return null;
            }
            Parser parser = new Parser(name, true);
            Node n;
            try {
                n = parser.mangledName();
            } catch (Failure f) {
                if (!parser.triedNewUnresolvedName || parser.hardFailure) {
                    throw f;
                }
                n = new Parser(name, false).mangledName(); // sr1A1x in the old sense, as c++filt
            }
            return new Printer().print(n);
        } catch (Failure f) {
            return null;
        }
    }

    /** Not a (supported) mangled name, or over a bound. Thrown without a stack trace. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Failure INSTANCE = new Failure();

        private Failure() {
            super("cannot demangle", null, false, false);
        }
    }

    private static Failure fail() {
        return Failure.INSTANCE;
    }

    // ---------------------------------------------------------------------------------------
    // The tree

    /** What a node is; the comment says what its fields hold. */
    private enum Kind {
        NAME, // text
        STD_SUB, // text: a standard abbreviation (St, Sa, Sb, Ss, Si, So, Sd)
        QUAL, // a::b
        LOCAL, // a (function encoding)::b (entity)
        TYPED, // a: name, b: FUNCTION (a function with its signature)
        TEMPLATE, // a<b: ARGS>
        ARGS, // list: template arguments, parameters, expression lists
        PACK, // list: an argument pack (J...E)
        TEMPLATE_PARAM, // num: index (what it stands for depends on where it prints)
        FUNCTION_PARAM, // num: 0 for this, else 1-based
        CTOR, // a: the class's last source name
        DTOR, // a: likewise
        SPECIAL, // text a (vtable for, typeinfo for, thunks, guard variables...)
        CTOR_VTABLE, // a: the complete class, b: the base
        REF_TEMP, // a: the name, num: its temporary's number
        OPERATOR, // code, text: its spelling, num: arity in expressions
        CONVERSION, // operator a (cv in a name)
        CAST, // (a) in an expression (cv in an expression)
        BUILTIN, // text, num: how its literals print (LIT_*)
        VENDOR_TYPE, // a (u <source-name>)
        POINTER, REFERENCE, RVALUE_REFERENCE, CONST, VOLATILE, RESTRICT, COMPLEX, IMAGINARY, // a: the type
        VENDOR_QUAL, // a: the type, b: the qualifier
        // qualifiers of a member function's this, and function qualifiers; a: what they qualify
        CONST_THIS, VOLATILE_THIS, RESTRICT_THIS, REFERENCE_THIS, RVALUE_REFERENCE_THIS, TRANSACTION_SAFE,
        NOEXCEPT, // b: the condition or null
        THROW_SPEC, // b: ARGS
        FUNCTION, // a: return type or null, b: ARGS
        ARRAY, // a: dimension or null, b: element type
        PTRMEM, // a: class, b: member type
        VECTOR, // a: dimension, b: element type
        DECLTYPE, // a: expression
        PACK_EXPANSION, // a: pattern
        LAMBDA, // b: ARGS (its parameters), num
        UNNAMED_TYPE, // num
        DEFAULT_ARG, // a: entity, num
        ABI_TAG, // a[abi:b]
        LITERAL_OPERATOR, // operator"" a
        BINDING, // list: a structured binding's names
        LITERAL, LITERAL_NEG, // a: type, text: value as mangled
        UNARY, // a: operator, b: operand; num 1: a suffix ++ or --
        BINARY, // a: operator, b, c: operands
        TERNARY, // a: operator, b, c, d: operands
        NULLARY, // a: operator
        INIT_LIST, // a: type or null, b: ARGS
    }

    /** Literal printing, as c++filt: 5, 5u, 5l, 5ul, 5ll, 5ull, true, (float)[hex], else (type)5. */
    private static final int LIT_DEFAULT = 0, LIT_INT = 1, LIT_UNSIGNED = 2, LIT_LONG = 3, LIT_ULONG = 4,
            LIT_LLONG = 5, LIT_ULLONG = 6, LIT_BOOL = 7, LIT_FLOAT = 8, LIT_VOID = 9;

    private static final class Node {
        final Kind kind;
        Node a;
        Node b;
        Node c;
        Node d;
        String text;
        String code;
        int num;
        List<Node> list;
        /** How many times it is being printed, nested (the printer's recursion guard). */
        int printing;

        Node(Kind kind) {
            this.kind = kind;
        }

        Node(Kind kind, Node a) {
            this.kind = kind;
            this.a = a;
        }

        Node(Kind kind, Node a, Node b) {
            this.kind = kind;
            this.a = a;
            this.b = b;
        }

        static Node name(String text) {
            Node n = new Node(Kind.NAME);
            n.text = text;
            return n;
        }

        static Node list(Kind kind, List<Node> items) {
            Node n = new Node(kind);
            n.list = items;
            return n;
        }
    }

    private static boolean isFunctionQualifier(Node n) {
        switch (n.kind) {
            case CONST_THIS: case VOLATILE_THIS: case RESTRICT_THIS: case REFERENCE_THIS:
            case RVALUE_REFERENCE_THIS: case TRANSACTION_SAFE: case NOEXCEPT: case THROW_SPEC:
                return true;
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Builtin types and operators

    private static final String[] BUILTIN = new String[128];
    private static final int[] BUILTIN_LIT = new int[128];

    private static void builtin(char code, String name, int literal) {
        BUILTIN[code] = name;
        BUILTIN_LIT[code] = literal;
    }

    static {
        builtin('a', "signed char", LIT_DEFAULT);
        builtin('b', "bool", LIT_BOOL);
        builtin('c', "char", LIT_DEFAULT);
        builtin('d', "double", LIT_FLOAT);
        builtin('e', "long double", LIT_FLOAT);
        builtin('f', "float", LIT_FLOAT);
        builtin('g', "__float128", LIT_FLOAT);
        builtin('h', "unsigned char", LIT_DEFAULT);
        builtin('i', "int", LIT_INT);
        builtin('j', "unsigned int", LIT_UNSIGNED);
        builtin('l', "long", LIT_LONG);
        builtin('m', "unsigned long", LIT_ULONG);
        builtin('n', "__int128", LIT_DEFAULT);
        builtin('o', "unsigned __int128", LIT_DEFAULT);
        builtin('s', "short", LIT_DEFAULT);
        builtin('t', "unsigned short", LIT_DEFAULT);
        builtin('v', "void", LIT_VOID);
        builtin('w', "wchar_t", LIT_DEFAULT);
        builtin('x', "long long", LIT_LLONG);
        builtin('y', "unsigned long long", LIT_ULLONG);
        builtin('z', "...", LIT_DEFAULT);
    }

    /** D-prefixed builtins: D + code. */
    private static String dBuiltin(char code) {
        switch (code) {
            case 'd': return "decimal64";
            case 'e': return "decimal128";
            case 'f': return "decimal32";
            case 'h': return "half";
            case 'u': return "char8_t";
            case 's': return "char16_t";
            case 'i': return "char32_t";
            case 'n': return "decltype(nullptr)";
            case 'a': return "auto";
            case 'c': return "decltype(auto)";
            default: return null;
        }
    }

    /**
     * Operator codes: spelling, and arity in expressions (a trailing space is dropped in names:
     * operator delete). As in c++filt, typeid (ti, te) and noexcept (nx) are not among them,
     * and fold expressions and designated initializers (fl, fr, fL, fR, di, dx, dX) are not read.
     */
    private static final String[][] OPERATORS = {
        {"aN", "&=", "2"}, {"aS", "=", "2"}, {"aa", "&&", "2"}, {"ad", "&", "1"}, {"an", "&", "2"},
        {"at", "alignof ", "1"}, {"aw", "co_await ", "1"}, {"az", "alignof ", "1"}, {"cc", "const_cast", "2"},
        {"cl", "()", "2"}, {"cm", ",", "2"}, {"co", "~", "1"}, {"dV", "/=", "2"}, {"da", "delete[] ", "1"},
        {"dc", "dynamic_cast", "2"}, {"de", "*", "1"}, {"dl", "delete ", "1"}, {"ds", ".*", "2"},
        {"dt", ".", "2"}, {"dv", "/", "2"}, {"eO", "^=", "2"}, {"eo", "^", "2"}, {"eq", "==", "2"},
        {"ge", ">=", "2"}, {"gs", "::", "1"}, {"gt", ">", "2"}, {"ix", "[]", "2"}, {"lS", "<<=", "2"},
        {"le", "<=", "2"}, {"li", "operator\"\" ", "1"}, {"ls", "<<", "2"}, {"lt", "<", "2"},
        {"mI", "-=", "2"}, {"mL", "*=", "2"}, {"mi", "-", "2"}, {"ml", "*", "2"}, {"mm", "--", "1"},
        {"na", "new[]", "3"}, {"ne", "!=", "2"}, {"ng", "-", "1"}, {"nt", "!", "1"}, {"nw", "new", "3"},
        {"oR", "|=", "2"}, {"oo", "||", "2"}, {"or", "|", "2"}, {"pL", "+=", "2"}, {"pl", "+", "2"},
        {"pm", "->*", "2"}, {"pp", "++", "1"}, {"ps", "+", "1"}, {"pt", "->", "2"}, {"qu", "?", "3"},
        {"rM", "%=", "2"}, {"rS", ">>=", "2"}, {"rc", "reinterpret_cast", "2"}, {"rm", "%", "2"},
        {"rs", ">>", "2"}, {"sP", "sizeof...", "1"}, {"sZ", "sizeof...", "1"}, {"sc", "static_cast", "2"},
        {"ss", "<=>", "2"}, {"st", "sizeof ", "1"}, {"sz", "sizeof ", "1"}, {"tr", "throw", "0"},
        {"tw", "throw ", "1"},
    };

    private static String[] operator(char c1, char c2) {
        for (String[] op : OPERATORS) {
            if (op[0].charAt(0) == c1 && op[0].charAt(1) == c2) {
                return op;
            }
        }
        return null;
    }

    private static boolean isNewCast(String code) {
        return code.equals("sc") || code.equals("dc") || code.equals("cc") || code.equals("rc");
    }

    // ---------------------------------------------------------------------------------------
    // Parsing

    private static final class Parser {
        private final String s;
        private int pos;
        private int depth;
        /** The substitution candidates, in order: S_ is the first, S0_ the second... */
        private final List<Node> subs = new ArrayList<>();
        /** The last source name outside template arguments: constructors are named after it. */
        private Node lastName;
        /** Inside X...E or decltype: cv is a cast, not a conversion operator. */
        private boolean inExpression;
        /** Reading a conversion operator's type: in cvT_IiE, IiE are the operator's arguments. */
        private boolean inConversion;
        /**
         * sr1A1x is A::x in the old mangling of dependent names and the start of sr1A1xE1y
         * (A::x::y) in the new one: first read the new way, and if that fails, the old way.
         */
        private final boolean newUnresolvedName;
        boolean triedNewUnresolvedName;
        /** Failed where c++filt would not have: no second try. */
        boolean hardFailure;

        Parser(String s, boolean newUnresolvedName) {
            this.s = s;
            this.newUnresolvedName = newUnresolvedName;
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : 0;
        }

        private char peek(int ahead) {
            return pos + ahead < s.length() ? s.charAt(pos + ahead) : 0;
        }

        private boolean eat(char c) {
            if (peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!eat(c)) {
                throw fail();
            }
        }

        private char next() {
            if (pos >= s.length()) {
                throw fail();
            }
            return s.charAt(pos++);
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                throw fail();
            }
        }

        private void add(Node n) {
            subs.add(n);
        }

        /** [n] digits, as c++filt: no digits reads 0; more than fits an int is a failure. */
        private int number() {
            boolean negative = eat('n');
            long v = 0;
            while (isDigit(peek())) {
                v = v * 10 + (next() - '0');
                if (v > Integer.MAX_VALUE) {
                    throw fail();
                }
            }
            return (int) (negative ? -v : v);
        }

        /** _ is 0, <number>_ is number + 1. */
        private int compactNumber() {
            if (eat('_')) {
                return 0;
            }
            if (peek() == 'n') {
                throw fail();
            }
            int n = number();
            expect('_');
            if (n == Integer.MAX_VALUE) {
                throw fail();
            }
            return n + 1;
        }

        /** _Z <encoding>; what follows (parameters, clone suffixes) is not read, as c++filt -p. */
        Node mangledName() {
            expect('_');
            expect('Z');
            return encoding(true);
        }

        /**
         * <encoding> ::= <name> <bare-function-type> | <name> | <special-name>. At the top level
         * only the name is read, without the this-qualifiers of a member function (c++filt -p).
         */
        private Node encoding(boolean top) {
            enter();
            char c = peek();
            Node result;
            if (c == 'G' || c == 'T') {
                result = specialName();
            } else {
                Node name = name();
                if (top) {
                    result = withoutThisQualifiers(name);
                } else if (peek() == 0 || peek() == 'E') {
                    result = name; // a variable
                } else {
                    result = function(name);
                }
            }
            depth--;
            return result;
        }

        private static Node withoutThisQualifiers(Node name) {
            while (isFunctionQualifier(name)) {
                name = name.a;
            }
            if (name.kind == Kind.LOCAL && isFunctionQualifier(name.b)) {
                Node entity = name.b;
                while (isFunctionQualifier(entity)) {
                    entity = entity.a;
                }
                return new Node(Kind.LOCAL, name.a, entity); // a member function of a local class
            }
            return name;
        }

        /** A function's name followed by its signature. */
        private Node function(Node name) {
            Node typed = name;
            while (isFunctionQualifier(typed)) {
                typed = typed.a;
            }
            boolean local = typed.kind == Kind.LOCAL;
            if (local) {
                typed = typed.b;
                if (typed.kind == Kind.DEFAULT_ARG) {
                    typed = typed.a;
                }
                while (isFunctionQualifier(typed)) {
                    typed = typed.a;
                }
            }
            // Template functions (not constructors, destructors or conversions) mangle their
            // return type.
            boolean hasReturn = typed.kind == Kind.TEMPLATE && !isCtorDtorOrConversion(typed.a);
            Node type = bareFunctionType(hasReturn);
            if (local) {
                type.a = null; // c++filt omits the return type of a local class's member function
            }
            return new Node(Kind.TYPED, name, type);
        }

        private static boolean isCtorDtorOrConversion(Node n) {
            while (true) {
                switch (n.kind) {
                    case QUAL: case LOCAL:
                        n = n.b;
                        break;
                    case CTOR: case DTOR: case CONVERSION:
                        return true;
                    default:
                        return false;
                }
            }
        }

        private Node bareFunctionType(boolean hasReturn) {
            if (eat('J')) {
                hasReturn = true;
            }
            Node ret = hasReturn ? type() : null;
            return new Node(Kind.FUNCTION, ret, parameters());
        }

        /** Parameter types up to E (or the end, or a ref-qualifier); a lone void is none. */
        private Node parameters() {
            List<Node> params = new ArrayList<>();
            while (true) {
                char c = peek();
                if (c == 0 || c == 'E' || c == '.' || ((c == 'R' || c == 'O') && peek(1) == 'E')) {
                    break;
                }
                params.add(type());
            }
            if (params.isEmpty()) {
                throw fail();
            }
            if (params.size() == 1 && params.get(0).kind == Kind.BUILTIN && params.get(0).num == LIT_VOID) {
                params.clear();
            }
            return Node.list(Kind.ARGS, params);
        }

        private Node specialName() {
            char c = next();
            char d = next();
            if (c == 'T') {
                switch (d) {
                    case 'V': return special("vtable for ", type());
                    case 'T': return special("VTT for ", type());
                    case 'I': return special("typeinfo for ", type());
                    case 'S': return special("typeinfo name for ", type());
                    case 'F': return special("typeinfo fn for ", type());
                    case 'H': return special("TLS init function for ", name());
                    case 'W': return special("TLS wrapper function for ", name());
                    case 'A': return special("template parameter object for ", templateArg());
                    case 'h':
                        callOffset('h');
                        return special("non-virtual thunk to ", encoding(false));
                    case 'v':
                        callOffset('v');
                        return special("virtual thunk to ", encoding(false));
                    case 'c':
                        callOffset(next());
                        callOffset(next());
                        return special("covariant return thunk to ", encoding(false));
                    case 'C': { // construction vtable: <complete type> <offset> _ <base type>
                        Node derived = type();
                        if (number() < 0) {
                            throw fail();
                        }
                        expect('_');
                        return new Node(Kind.CTOR_VTABLE, derived, type());
                    }
                    default:
                        throw fail();
                }
            }
            if (c == 'G') {
                switch (d) {
                    case 'V': return special("guard variable for ", name());
                    case 'R': { // GR <name> [<seq-id>] _: c++filt reads a decimal number
                        Node n = new Node(Kind.REF_TEMP, name());
                        n.num = number();
                        return n;
                    }
                    case 'A': return special("hidden alias for ", encoding(false));
                    case 'T':
                        if (eat('t')) {
                            return special("transaction clone for ", encoding(false));
                        }
                        if (eat('n')) {
                            return special("non-transaction clone for ", encoding(false));
                        }
                        throw fail();
                    default:
                        throw fail();
                }
            }
            throw fail();
        }

        private static Node special(String text, Node what) {
            Node n = new Node(Kind.SPECIAL, what);
            n.text = text;
            return n;
        }

        /** h <offset> _  or  v <offset> _ <virtual offset> _ (thunks' adjustments, not printed). */
        private void callOffset(char kind) {
            if (kind == 'h') {
                number();
            } else if (kind == 'v') {
                number();
                expect('_');
                number();
            } else {
                throw fail();
            }
            expect('_');
        }

        /** <name> ::= <nested-name> | <local-name> | <unscoped-name> [<template-args>]. */
        private Node name() {
            enter();
            Node n;
            char c = peek();
            if (c == 'N') {
                n = nestedName();
            } else if (c == 'Z') {
                n = localName();
            } else if (c == 'U') {
                n = unqualifiedName(); // a lambda or unnamed type at namespace scope
            } else if (c == 'S' && peek(1) != 't') {
                n = substitution();
                if (peek() == 'I') {
                    n = new Node(Kind.TEMPLATE, n, templateArgs()); // already a candidate
                }
            } else {
                if (c == 'S') { // St <unqualified-name>: ::std::
                    pos += 2;
                    n = new Node(Kind.QUAL, Node.name("std"), unqualifiedName());
                } else {
                    n = unqualifiedName();
                }
                if (peek() == 'I') { // <unscoped-template-name> is a substitution candidate
                    add(n);
                    n = new Node(Kind.TEMPLATE, n, templateArgs());
                }
            }
            depth--;
            return n;
        }

        /**
         * N [<CV-qualifiers>] [<ref-qualifier>] <prefix> <unqualified-name> E. The qualifiers
         * belong to a member function's this; the ref-qualifier prints last, so it goes outside.
         */
        private Node nestedName() {
            expect('N');
            List<Kind> quals = new ArrayList<>(3);
            while (true) {
                char c = peek();
                if (c == 'r') {
                    quals.add(Kind.RESTRICT_THIS);
                } else if (c == 'V') {
                    quals.add(Kind.VOLATILE_THIS);
                } else if (c == 'K') {
                    quals.add(Kind.CONST_THIS);
                } else {
                    break;
                }
                pos++;
            }
            Kind ref = eat('R') ? Kind.REFERENCE_THIS : eat('O') ? Kind.RVALUE_REFERENCE_THIS : null;
            Node n = prefix(true);
            expect('E');
            for (int i = quals.size() - 1; i >= 0; i--) {
                n = new Node(quals.get(i), n);
            }
            return ref == null ? n : new Node(ref, n);
        }

        /**
         * The components of a nested name up to its E. Every prefix that is not the whole name
         * and did not itself come from a substitution becomes a candidate: in N1A1B1fE, A and
         * A::B; in N1AIiE1fE, A, A<int> (and A<int>::f is the name). As in c++filt, a
         * substitution, a template parameter or a decltype can only come first, and a
         * substitution cannot be all of it (NS_E).
         */
        private Node prefix(boolean candidates) {
            Node ret = null;
            while (true) {
                char c = peek();
                if (c == 'D' && (peek(1) == 't' || peek(1) == 'T')) {
                    if (ret != null) {
                        throw fail();
                    }
                    ret = type(); // a decltype: a candidate as a type, and again as a prefix
                } else if (c == 'I') {
                    if (ret == null) {
                        throw fail();
                    }
                    ret = new Node(Kind.TEMPLATE, ret, templateArgs());
                } else if (c == 'T') {
                    if (ret != null) {
                        throw fail();
                    }
                    ret = templateParam();
                } else if (c == 'M') { // the scope of a lambda in a data member's initializer
                    pos++;
                    continue;
                } else if (c == 'S') {
                    // only first, and never the whole name (c++filt's rules)
                    Node sub = substitution();
                    if (ret != null) {
                        throw fail();
                    }
                    ret = sub; // already a candidate
                    continue;
                } else {
                    Node name = unqualifiedName();
                    ret = ret == null ? name : new Node(Kind.QUAL, ret, name);
                }
                if (peek() == 'E') {
                    return ret;
                }
                if (candidates) {
                    add(ret);
                }
            }
        }

        /**
         * Z <function encoding> E <entity name> [<discriminator>], or ... E s (a string literal),
         * or ... E d [<number>] _ <name> (in a default argument). Discriminators are not printed.
         */
        private Node localName() {
            expect('Z');
            Node function = encoding(false);
            expect('E');
            if (function.kind == Kind.TYPED) {
                function.b.a = null; // c++filt omits the enclosing function's return type
            }
            if (eat('s')) {
                discriminator();
                return new Node(Kind.LOCAL, function, Node.name("string literal"));
            }
            int defaultArg = -1;
            if (eat('d')) {
                defaultArg = compactNumber();
            }
            Node entity = name();
            if (entity.kind != Kind.LAMBDA && entity.kind != Kind.UNNAMED_TYPE) {
                discriminator();
            }
            if (defaultArg >= 0) {
                Node n = new Node(Kind.DEFAULT_ARG, entity);
                n.num = defaultArg;
                entity = n;
            }
            return new Node(Kind.LOCAL, function, entity);
        }

        /** _ <digit> or __ <number> _ (read and dropped; like c++filt, _ alone is 0). */
        private void discriminator() {
            if (!eat('_')) {
                return;
            }
            boolean two = eat('_');
            int n = number();
            if (two && n >= 10) {
                expect('_');
            }
        }

        /**
         * <source-name>, <operator-name>, <ctor-dtor-name>, <unnamed-type-name> (lambdas too),
         * L <source-name> (internal linkage) or DC <source-name>+ E (structured binding), then
         * any ABI tags.
         */
        private Node unqualifiedName() {
            enter();
            char c = peek();
            Node n;
            if (isDigit(c)) {
                n = sourceName();
            } else if (isLower(c)) {
                n = operatorName();
                if ("li".equals(n.code)) { // operator"" _x
                    n = new Node(Kind.LITERAL_OPERATOR, sourceName());
                }
            } else if (c == 'D' && peek(1) == 'C') {
                pos += 2;
                List<Node> names = new ArrayList<>();
                do {
                    names.add(sourceName());
                } while (peek() != 'E');
                pos++;
                n = Node.list(Kind.BINDING, names);
            } else if (c == 'C' || c == 'D') {
                n = ctorDtorName();
            } else if (c == 'L') {
                pos++;
                n = sourceName();
                discriminator();
            } else if (c == 'U' && peek(1) == 't') {
                pos += 2;
                n = new Node(Kind.UNNAMED_TYPE);
                n.num = compactNumber();
                add(n); // c++filt makes an unnamed type a candidate by itself (not a lambda)
            } else if (c == 'U' && peek(1) == 'l') {
                n = lambda();
            } else {
                throw fail();
            }
            if (peek() == 'B') { // B <source-name>: [abi:cxx11]; a tag is not a class name
                Node keep = lastName;
                while (eat('B')) {
                    n = new Node(Kind.ABI_TAG, n, sourceName());
                }
                lastName = keep;
            }
            depth--;
            return n;
        }

        /** Ul <parameter types> E [<number>] _ : a closure type, {lambda(int)#1}. */
        private Node lambda() {
            pos += 2;
            Node n = new Node(Kind.LAMBDA);
            n.b = parameters();
            expect('E');
            n.num = compactNumber();
            return n;
        }

        /** <length> <identifier>; _GLOBAL__N... is the anonymous namespace. */
        private Node sourceName() {
            int length = number();
            if (length <= 0 || length > s.length() - pos) {
                throw fail();
            }
            String id = s.substring(pos, pos + length);
            pos += length;
            Node n;
            if (length >= 10 && id.startsWith("_GLOBAL_") && ".$_".indexOf(id.charAt(8)) >= 0 && id.charAt(9) == 'N') {
                n = Node.name("(anonymous namespace)");
            } else {
                n = Node.name(id);
            }
            lastName = n;
            return n;
        }

        /** C1-C5, CI1/CI2 <base type> (inheriting), D0-D5: named after the last source name. */
        private Node ctorDtorName() {
            if (peek() == 'C') {
                boolean inheriting = peek(1) == 'I';
                if (inheriting) {
                    pos++; // CI1: now at I, and the kind follows
                }
                if (peek(1) < '1' || peek(1) > '5') {
                    throw fail();
                }
                pos += 2;
                if (inheriting) {
                    orFail(false); // the base's type: read, not printed
                }
                if (lastName == null) {
                    throw fail();
                }
                return new Node(Kind.CTOR, lastName);
            }
            char k = peek(1);
            if (peek() != 'D' || (k != '0' && k != '1' && k != '2' && k != '4' && k != '5')) {
                throw fail();
            }
            pos += 2;
            if (lastName == null) {
                throw fail();
            }
            return new Node(Kind.DTOR, lastName);
        }

        /** A two-letter operator code, or cv <type> (a conversion operator, or a cast). */
        private Node operatorName() {
            char c1 = next();
            char c2 = next();
            if (c1 == 'c' && c2 == 'v') {
                if (inExpression) {
                    return new Node(Kind.CAST, type());
                }
                boolean outer = inConversion;
                inConversion = true;
                Node conv = new Node(Kind.CONVERSION, type());
                inConversion = outer;
                return conv;
            }
            String[] op = operator(c1, c2);
            if (op == null) {
                throw fail();
            }
            Node n = new Node(Kind.OPERATOR);
            n.code = op[0];
            n.text = op[1];
            n.num = op[2].charAt(0) - '0';
            return n;
        }

        /** S_, S <seq-id> _ (base 36), or St, Sa, Sb, Ss, Si, So, Sd. */
        private Node substitution() {
            expect('S');
            char c = peek();
            if (c == '_' || isDigit(c) || (c >= 'A' && c <= 'Z')) {
                long id = 0;
                if (c != '_') {
                    while (peek() != '_') {
                        char d = next();
                        int v = isDigit(d) ? d - '0' : d >= 'A' && d <= 'Z' ? d - 'A' + 10 : -1;
                        if (v < 0 || id > subs.size()) {
                            throw fail();
                        }
                        id = id * 36 + v;
                    }
                    id++;
                }
                pos++;
                if (id >= subs.size()) {
                    throw fail();
                }
                return subs.get((int) id);
            }
            pos++;
            // c++filt prints the full (verbose) forms; constructors of these are named by the
            // last component: std::allocator<int>::allocator, Ss...C1 → ...::basic_string.
            String full;
            String last;
            switch (c) {
                case 't': full = "std"; last = null; break;
                case 'a': full = "std::allocator"; last = "allocator"; break;
                case 'b': full = "std::basic_string"; last = "basic_string"; break;
                case 's':
                    full = "std::basic_string<char, std::char_traits<char>, std::allocator<char> >";
                    last = "basic_string";
                    break;
                case 'i': full = "std::basic_istream<char, std::char_traits<char> >"; last = "basic_istream"; break;
                case 'o': full = "std::basic_ostream<char, std::char_traits<char> >"; last = "basic_ostream"; break;
                case 'd': full = "std::basic_iostream<char, std::char_traits<char> >"; last = "basic_iostream"; break;
                default: throw fail();
            }
            if (last != null) {
                lastName = Node.name(last);
            }
            Node n = new Node(Kind.STD_SUB);
            n.text = full;
            if (peek() == 'B') { // tagged, it becomes a candidate of its own
                Node keep = lastName;
                while (eat('B')) {
                    n = new Node(Kind.ABI_TAG, n, sourceName());
                }
                lastName = keep;
                add(n);
            }
            return n;
        }

        /** T_ is the first template argument, T <n> _ the (n+2)th. */
        private Node templateParam() {
            expect('T');
            int index = compactNumber();
            Node n = new Node(Kind.TEMPLATE_PARAM);
            n.num = index;
            return n;
        }

        /** I <template-arg>+ E (or IE: an empty pack). */
        private Node templateArgs() {
            enter();
            expect('I');
            Node keep = lastName;
            List<Node> args = new ArrayList<>();
            while (!eat('E')) {
                args.add(templateArg());
            }
            lastName = keep; // A<B>::A is A's constructor, not B's
            depth--;
            return Node.list(Kind.ARGS, args);
        }

        private Node templateArg() {
            enter();
            Node n;
            char c = peek();
            if (c == 'X') {
                pos++;
                n = expression();
                expect('E');
            } else if (c == 'L') {
                n = exprPrimary();
            } else if (c == 'J' || c == 'I') { // an argument pack (I: as old GCCs wrote it)
                pos++;
                Node keep = lastName;
                List<Node> pack = new ArrayList<>();
                while (!eat('E')) {
                    pack.add(templateArg());
                }
                lastName = keep;
                n = Node.list(Kind.PACK, pack);
            } else {
                n = type();
            }
            depth--;
            return n;
        }

        /**
         * <type>. Every type that is not a builtin or a bare substitution becomes a candidate
         * once read (after its parts): PKc adds "char const" then "char const*".
         */
        private Node type() {
            enter();
            Node n = type0();
            depth--;
            return n;
        }

        private Node type0() {
            char c = peek();
            if (isTypeQualifier()) {
                return qualifiedType();
            }
            Node n;
            switch (c) {
                case 'a': case 'b': case 'c': case 'd': case 'e': case 'f': case 'g': case 'h': case 'i':
                case 'j': case 'l': case 'm': case 'n': case 'o': case 's': case 't': case 'v': case 'w':
                case 'x': case 'y': case 'z': {
                    pos++;
                    n = new Node(Kind.BUILTIN);
                    n.text = BUILTIN[c];
                    n.num = BUILTIN_LIT[c];
                    return n;
                }
                case 'u':
                    pos++;
                    n = new Node(Kind.VENDOR_TYPE, sourceName());
                    break;
                case 'F':
                    n = functionType();
                    break;
                case 'A':
                    n = arrayType();
                    break;
                case 'M': {
                    pos++;
                    Node cls = type();
                    n = new Node(Kind.PTRMEM, cls, type());
                    break;
                }
                case 'T':
                    n = templateParam();
                    if (peek() == 'I') {
                        if (!inConversion) { // <template-template-param> <template-args>
                            add(n);
                            n = new Node(Kind.TEMPLATE, n, templateArgs());
                        } else {
                            // operator T<int>(): the arguments are the operator's, unless
                            // more follow (then these were the template template's)
                            int mark = pos;
                            int marks = subs.size();
                            Node keep = lastName;
                            Node args = templateArgs();
                            if (peek() == 'I') {
                                add(n);
                                n = new Node(Kind.TEMPLATE, n, args);
                            } else {
                                pos = mark;
                                subs.subList(marks, subs.size()).clear();
                                lastName = keep;
                            }
                        }
                    }
                    break;
                case 'S': {
                    char d = peek(1);
                    if (d == '_' || isDigit(d) || (d >= 'A' && d <= 'Z')) {
                        n = substitution();
                        if (peek() != 'I') {
                            return n; // already a candidate
                        }
                        n = new Node(Kind.TEMPLATE, n, templateArgs());
                    } else {
                        n = name(); // St..., or Sa/Sb/Ss/Si/So/Sd possibly with arguments
                        Node untagged = n;
                        while (untagged.kind == Kind.ABI_TAG) {
                            untagged = untagged.a;
                        }
                        if (untagged.kind == Kind.STD_SUB) {
                            return n; // already a candidate (tagged), or none
                        }
                    }
                    break;
                }
                case 'P':
                    pos++;
                    n = new Node(Kind.POINTER, type());
                    break;
                case 'R':
                    pos++;
                    n = new Node(Kind.REFERENCE, type());
                    break;
                case 'O':
                    pos++;
                    n = new Node(Kind.RVALUE_REFERENCE, type());
                    break;
                case 'C':
                    pos++;
                    n = new Node(Kind.COMPLEX, type());
                    break;
                case 'G':
                    pos++;
                    n = new Node(Kind.IMAGINARY, type());
                    break;
                case 'U': { // U <source-name> [<template-args>] <type>: vendor qualifier
                    pos++;
                    Node qual = sourceName();
                    if (peek() == 'I') {
                        qual = new Node(Kind.TEMPLATE, qual, templateArgs());
                    }
                    n = new Node(Kind.VENDOR_QUAL, type(), qual);
                    break;
                }
                case 'D':
                    n = dType();
                    if (n.kind == Kind.BUILTIN || n.kind == Kind.NAME) {
                        return n;
                    }
                    break;
                default:
                    n = name(); // <class-enum-type> (to c++filt, also an operator name: qu)
                    break;
            }
            add(n);
            return n;
        }

        /** D-prefixed types: builtins, decltype, pack expansions, vectors. */
        private Node dType() {
            char d = peek(1);
            String builtin = dBuiltin(d);
            if (builtin != null) {
                pos += 2;
                // c++filt makes auto and decltype(auto) plain names: (auto)... prints auto...
                Node n = new Node(d == 'a' || d == 'c' ? Kind.NAME : Kind.BUILTIN);
                n.text = builtin;
                n.num = d == 'h' ? LIT_FLOAT : LIT_DEFAULT;
                return n;
            }
            switch (d) {
                case 't': case 'T': {
                    pos += 2;
                    Node n = new Node(Kind.DECLTYPE, expression());
                    expect('E');
                    return n;
                }
                case 'p':
                    pos += 2;
                    return new Node(Kind.PACK_EXPANSION, type());
                case 'F': { // DF <bits> _ : _Float32; DF <bits> x : _Float32x; DF16b: bfloat16
                    pos += 2;
                    int bits = number();
                    Node n = new Node(Kind.BUILTIN);
                    char k = next();
                    if (k == '_') {
                        n.text = "_Float" + bits;
                    } else if (k == 'x') {
                        n.text = "_Float" + bits + "x";
                    } else if (k == 'b' && bits == 16) {
                        n.text = "std::bfloat16_t";
                        n.num = LIT_FLOAT; // (std::bfloat16_t)[3f80] but (_Float16)3c00, as c++filt
                    } else {
                        throw fail();
                    }
                    return n;
                }
                case 'v': { // Dv <number> _ <type>: float __vector(4)
                    pos += 2;
                    Node dim;
                    if (eat('_')) {
                        dim = expression();
                    } else {
                        dim = Node.name(Integer.toString(number()));
                    }
                    expect('_');
                    return new Node(Kind.VECTOR, dim, type());
                }
                default:
                    throw fail();
            }
        }

        private boolean isTypeQualifier() {
            char c = peek();
            if (c == 'r' || c == 'V' || c == 'K') {
                return true;
            }
            if (c == 'D') {
                char d = peek(1);
                return d == 'x' || d == 'o' || d == 'O' || d == 'w';
            }
            return false;
        }

        /**
         * <qualifiers> <type>: one candidate for the whole qualified type (VKi adds "int const
         * volatile", not "int volatile"). Before a function type they qualify the function
         * (void () const); a function's ref-qualifier is moved outside so it prints last.
         */
        private Node qualifiedType() {
            List<Node> quals = new ArrayList<>(3); // outermost first, as mangled
            while (isTypeQualifier()) {
                char c = next();
                Node q;
                if (c == 'r') {
                    q = new Node(Kind.RESTRICT);
                } else if (c == 'V') {
                    q = new Node(Kind.VOLATILE);
                } else if (c == 'K') {
                    q = new Node(Kind.CONST);
                } else {
                    char d = next();
                    if (d == 'x') {
                        q = new Node(Kind.TRANSACTION_SAFE);
                    } else if (d == 'o') {
                        q = new Node(Kind.NOEXCEPT);
                    } else if (d == 'O') {
                        q = new Node(Kind.NOEXCEPT);
                        q.b = expression();
                        expect('E');
                    } else {
                        q = new Node(Kind.THROW_SPEC);
                        q.b = parameters();
                        expect('E');
                    }
                }
                quals.add(q);
            }
            boolean function = peek() == 'F';
            Node inner = function ? functionType() : type(); // F...E alone is no candidate here
            Node refQualifier = null;
            if (inner.kind == Kind.REFERENCE_THIS || inner.kind == Kind.RVALUE_REFERENCE_THIS) {
                refQualifier = inner; // void () const &: the ref-qualifier prints last
                inner = inner.a;
            }
            Node n = inner;
            for (int i = quals.size() - 1; i >= 0; i--) {
                Node q = quals.get(i);
                Kind k = q.kind;
                if (function) {
                    k = k == Kind.CONST ? Kind.CONST_THIS : k == Kind.VOLATILE ? Kind.VOLATILE_THIS
                            : k == Kind.RESTRICT ? Kind.RESTRICT_THIS : k;
                }
                Node wrapped = new Node(k, n);
                wrapped.b = q.b;
                n = wrapped;
            }
            if (refQualifier != null) {
                // c++filt moves the ref-qualifier node itself outside, so that wherever else
                // it is used (a substitution of the unqualified type) it now has the
                // qualifiers inside too: emulated as is.
                refQualifier.a = n;
                n = refQualifier;
            }
            add(n);
            return n;
        }

        /** F [Y] <bare-function-type> [<ref-qualifier>] E. */
        private Node functionType() {
            expect('F');
            eat('Y'); // extern "C": not printed
            Node n = bareFunctionType(true);
            if (peek() == 'R' && peek(1) == 'E') {
                pos++;
                n = new Node(Kind.REFERENCE_THIS, n);
            } else if (peek() == 'O' && peek(1) == 'E') {
                pos++;
                n = new Node(Kind.RVALUE_REFERENCE_THIS, n);
            }
            expect('E');
            return n;
        }

        /** A <dimension> _ <element type>; the dimension is a number, an expression or none. */
        private Node arrayType() {
            expect('A');
            Node dim = null;
            char c = peek();
            if (isDigit(c)) {
                int from = pos;
                while (isDigit(peek())) {
                    pos++;
                }
                dim = Node.name(s.substring(from, pos));
            } else if (c != '_') {
                dim = expression();
            }
            expect('_');
            return new Node(Kind.ARRAY, dim, type());
        }

        /**
         * L <type> <value> E, L <mangled-name> E (also LZ...E, an old GCC bug), or LDnE. The
         * value is kept as mangled; the printer gives it c++filt's form.
         */
        private Node exprPrimary() {
            expect('L');
            if (peek() == '_' || peek() == 'Z') {
                eat('_');
                expect('Z');
                Node n = encoding(false);
                expect('E');
                return n;
            }
            Node type = type();
            if (type.kind == Kind.BUILTIN && "decltype(nullptr)".equals(type.text) && eat('E')) {
                return type;
            }
            Node n = new Node(eat('n') ? Kind.LITERAL_NEG : Kind.LITERAL, type);
            int from = pos;
            while (peek() != 'E') {
                next();
            }
            if (pos == from) {
                throw fail(); // c++filt has no form for a value-less literal (a string's)
            }
            n.text = s.substring(from, pos);
            pos++;
            return n;
        }

        /**
         * <expression>: the forms c++filt reads but fold expressions and designated
         * initializers (and, as in c++filt, typeid, noexcept and vendor expressions), which fail.
         */
        private Node expression() {
            enter();
            boolean outer = inExpression;
            inExpression = true;
            Node n = expression0();
            inExpression = outer;
            depth--;
            return n;
        }

        private Node expression0() {
            char c = peek();
            char d = peek(1);
            if (c == 'L') {
                return exprPrimary();
            }
            if (c == 'T') {
                return templateParam();
            }
            if (c == 's' && d == 'r') { // a dependent name: sr <qualifiers> E <name>, sr <type> <name>
                pos += 2;
                char e = peek();
                Node scope;
                // (c++filt carries on without the scope when it cannot read one, from wherever
                // reading it stopped: too loose to follow, so that gives up, for good)
                if (newUnresolvedName && (isDigit(e) || isLower(e) || e == 'C' || e == 'U' || e == 'L')) {
                    triedNewUnresolvedName = true;
                    if (!isDigit(e)) {
                        throw hardFailure();
                    }
                    scope = orFail(true);
                    eat('E');
                } else {
                    scope = orFail(false);
                }
                Node name = new Node(Kind.QUAL, scope, unqualifiedName());
                if (peek() == 'I') {
                    name = new Node(Kind.TEMPLATE, name, templateArgs());
                }
                return name;
            }
            if (c == 's' && d == 'p') {
                pos += 2;
                return new Node(Kind.PACK_EXPANSION, expression());
            }
            if (c == 'f' && d == 'p') { // fp_ is the first parameter, fpT this
                pos += 2;
                Node n = new Node(Kind.FUNCTION_PARAM);
                n.num = eat('T') ? 0 : compactNumber() + 1;
                return n;
            }
            if (isDigit(c) || (c == 'o' && d == 'n')) { // a dependent name: decltype(f(x))
                if (c == 'o') { // on <operator-name>: operator+ as a name
                    pos += 2;
                    if (peek() == 'c' && peek(1) == 'v') {
                        throw fail(); // c++filt cannot print operator T here
                    }
                }
                Node name = unqualifiedName();
                if (peek() == 'I') {
                    name = new Node(Kind.TEMPLATE, name, templateArgs());
                }
                return name;
            }
            if ((c == 'i' || c == 't') && d == 'l') { // braced initializer list
                pos += 2;
                Node type = c == 't' ? type() : null;
                return new Node(Kind.INIT_LIST, type, expressionList());
            }
            Node op = operatorName();
            if (op.kind == Kind.CAST) {
                if (peek() == '_') {
                    throw fail(); // cv <type> _ <expression>* E: c++filt cannot print it either
                }
                return new Node(Kind.UNARY, op, expression());
            }
            if (op.kind != Kind.OPERATOR) {
                throw fail();
            }
            String code = op.code;
            if (code.equals("st")) {
                return new Node(Kind.UNARY, op, type());
            }
            switch (op.num) {
                case 0:
                    return new Node(Kind.NULLARY, op);
                case 1: {
                    if (code.equals("li")) {
                        throw fail();
                    }
                    if (code.equals("sP")) { // sizeof...(T...) over arguments: sP <template-arg>* E
                        List<Node> args = new ArrayList<>();
                        while (!eat('E')) {
                            args.add(templateArg());
                        }
                        return new Node(Kind.UNARY, op, Node.list(Kind.ARGS, args));
                    }
                    // pp_ and mm_ are the prefix forms; without _ they are postfix
                    boolean suffix = (code.equals("pp") || code.equals("mm")) && !eat('_');
                    Node n = new Node(Kind.UNARY, op, expression());
                    n.num = suffix ? 1 : 0;
                    return n;
                }
                case 2: {
                    Node left = isNewCast(code) ? type() : expression();
                    Node right;
                    if (code.equals("cl")) {
                        right = expressionList();
                    } else if ((code.equals("dt") || code.equals("pt")) && !(peek() == 's' && peek(1) == 'r')
                            && !(peek() == 'g' && peek(1) == 's')) {
                        right = unqualifiedName();
                        if (peek() == 'I') {
                            right = new Node(Kind.TEMPLATE, right, templateArgs());
                        }
                    } else {
                        right = expression();
                    }
                    Node n = new Node(Kind.BINARY, op, left);
                    n.c = right;
                    return n;
                }
                case 3: {
                    Node n = new Node(Kind.TERNARY, op);
                    if (code.equals("qu")) {
                        n.b = expression();
                        n.c = expression();
                        n.d = expression();
                        return n;
                    }
                    // new: nw <placement expression>* _ <type> E, or with pi <expression>* E
                    // (parenthesized) or an initializer list
                    List<Node> placement = new ArrayList<>();
                    while (!eat('_')) {
                        placement.add(expression());
                    }
                    n.b = Node.list(Kind.ARGS, placement);
                    n.c = type();
                    if (eat('E')) {
                        return n;
                    }
                    try {
                        if (peek() == 'p' && peek(1) == 'i') {
                            pos += 2;
                            n.d = expressionList();
                        } else if (peek() == 'i' && peek(1) == 'l') {
                            n.d = expression();
                        } else {
                            throw fail();
                        }
                    } catch (Failure f) {
                        throw hardFailure(); // c++filt would go on without the initializer
                    }
                    return n;
                }
                default:
                    throw fail();
            }
        }

        /**
         * A prefix (or a type) that c++filt would do without if it could not be read; then
         * this gives up without trying the old sr syntax, which c++filt would not have tried.
         */
        private Node orFail(boolean prefix) {
            try {
                return prefix ? prefix(false) : type();
            } catch (Failure f) {
                throw hardFailure();
            }
        }

        private Failure hardFailure() {
            hardFailure = true;
            return fail();
        }

        /** <expression>* E. */
        private Node expressionList() {
            List<Node> items = new ArrayList<>();
            while (!eat('E')) {
                items.add(expression());
            }
            return Node.list(Kind.ARGS, items);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    // ---------------------------------------------------------------------------------------
    // Printing

    /**
     * C++ declarator syntax. A pointer, reference, qualifier or pointer-to-member is pushed on a
     * stack of pending modifiers while the type inside it prints; a plain type then prints them
     * after itself (int const*), but a function or array type prints them in its own place:
     * int (*)(char), int (&) [3], void (A::*)() const. A function's name is such a modifier
     * too, which puts it between the return type and the parameters.
     */
    private static final class Printer {
        private final StringBuilder out = new StringBuilder();
        private char lastChar;
        private Mod mods;
        private int depth;
        private int steps;
        /** Inside a lambda's parameters template parameters print as auto:1, auto:2... */
        private int lambda;
        /** The element of an argument pack a template parameter stands for (pack expansions). */
        private int packIndex;
        /**
         * The templates whose arguments T_ stands for, innermost first: a function template's
         * while its signature prints. Resolved here, not while parsing, because a substitution
         * can carry a T_ into another template's signature, where it means that one's (c++filt).
         */
        private Templates templates;
        /** The innermost template being printed: T_ in a conversion operator's type is its. */
        private Node currentTemplate;
        /** Where T& first printed, for when a substitution prints it again elsewhere. */
        private final Map<Node, Templates> savedScopes = new IdentityHashMap<>();
        /** The nodes being printed, outermost first. */
        private final List<Node> stack = new ArrayList<>();

        private record Templates(Node template, Templates next) {
        }

        private final class Mod {
            final Node node;
            final Mod next;
            final Templates templates;
            boolean printed;

            Mod(Node node, Mod next) {
                this(node, next, Printer.this.templates);
            }

            Mod(Node node, Mod next, Templates templates) {
                this.node = node;
                this.next = next;
                this.templates = templates;
            }
        }

        String print(Node n) {
            print0(n);
            return out.toString();
        }

        private void append(String s) {
            if (out.length() + s.length() > MAX_OUTPUT) {
                throw fail();
            }
            if (!s.isEmpty()) {
                out.append(s);
                lastChar = s.charAt(s.length() - 1);
            }
        }

        private void append(char c) {
            if (out.length() >= MAX_OUTPUT) {
                throw fail();
            }
            out.append(c);
            lastChar = c;
        }

        /**
         * The last character appended. Not always the last one in the output: when a list drops
         * the ", " before an empty pack, c++filt's idea of the last character stays the space,
         * so A<B<int, >> (an empty pack last) closes as A<B<int>> without the usual "> >".
         */
        private char last() {
            return lastChar;
        }

        private void print0(Node n) {
            // as c++filt: a node may print inside itself once, not twice (T_ standing for an
            // argument that holds T_, a pointer-to-member's class printed inside its modifier)
            if (n == null || n.printing > 1 || ++depth > MAX_DEPTH || ++steps > MAX_STEPS) {
                throw fail();
            }
            n.printing++;
            stack.add(n);
            print1(n);
            stack.remove(stack.size() - 1);
            n.printing--;
            depth--;
        }

        /**
         * Prints with no pending modifiers. Like c++filt, only a few places do this (template
         * arguments, function parameters, a function with its name); elsewhere what is pending
         * reaches inside: a pointer to a local lambda type whose parameter is a function
         * pointer prints as {lambda(void (**)())#1}.
         */
        private void printAlone(Node n) {
            Mod hold = mods;
            mods = null;
            print0(n);
            mods = hold;
        }

        private void print1(Node n) {
            switch (n.kind) {
                case NAME: case STD_SUB: case BUILTIN:
                    append(n.text);
                    return;
                case VENDOR_TYPE:
                    print0(n.a);
                    return;
                case QUAL:
                    print0(n.a);
                    append("::");
                    print0(n.b);
                    return;
                case LOCAL:
                    print0(n.a);
                    append("::");
                    print0(n.b);
                    return;
                case DEFAULT_ARG:
                    append("{default arg#" + (n.num + 1) + "}::");
                    print0(n.a);
                    return;
                case TYPED:
                    printTyped(n);
                    return;
                case TEMPLATE: {
                    Mod hold = mods;
                    mods = null;
                    Node holdCurrent = currentTemplate;
                    currentTemplate = n;
                    print0(n.a);
                    if (last() == '<') {
                        append(' '); // operator< <int>
                    }
                    append('<');
                    printList(n.b.list);
                    if (last() == '>') {
                        append(' '); // A<B<int> >
                    }
                    append('>');
                    mods = hold;
                    currentTemplate = holdCurrent;
                    return;
                }
                case ARGS: case PACK:
                    printList(n.list);
                    return;
                case TEMPLATE_PARAM: {
                    if (lambda > 0) {
                        append("auto:" + (n.num + 1)); // a generic lambda's auto parameter
                        return;
                    }
                    Node a = argument(n);
                    Templates hold = templates;
                    templates = templates.next; // the argument may be an outer template's T_
                    print0(a);
                    templates = hold;
                    return;
                }
                case FUNCTION_PARAM:
                    append(n.num == 0 ? "this" : "{parm#" + n.num + "}");
                    return;
                case CTOR:
                    print0(n.a);
                    return;
                case DTOR:
                    append('~');
                    print0(n.a);
                    return;
                case SPECIAL:
                    append(n.text);
                    print0(n.a);
                    return;
                case CTOR_VTABLE:
                    append("construction vtable for ");
                    print0(n.b);
                    append("-in-");
                    print0(n.a);
                    return;
                case REF_TEMP:
                    append("reference temporary #" + n.num + " for ");
                    print0(n.a);
                    return;
                case OPERATOR: {
                    append("operator");
                    if (isLower(n.text.charAt(0))) {
                        append(' '); // operator new, operator delete[]
                    }
                    String t = n.text;
                    append(t.endsWith(" ") ? t.substring(0, t.length() - 1) : t);
                    return;
                }
                case CONVERSION:
                    printConversion(n);
                    return;
                case CAST: // only as an operator (printUnary); c++filt cannot print one elsewhere
                    throw fail();
                case LITERAL_OPERATOR:
                    append("operator\"\" ");
                    print0(n.a);
                    return;
                case ABI_TAG:
                    print0(n.a);
                    append("[abi:");
                    print0(n.b);
                    append(']');
                    return;
                case LAMBDA:
                    append("{lambda(");
                    lambda++;
                    print0(n.b);
                    lambda--;
                    append(")#" + (n.num + 1) + "}");
                    return;
                case UNNAMED_TYPE:
                    append("{unnamed type#" + (n.num + 1) + "}");
                    return;
                case BINDING:
                    append('[');
                    printList(n.list);
                    append(']');
                    return;
                case FUNCTION:
                    printFunction(n);
                    return;
                case ARRAY:
                    printArray(n);
                    return;
                case REFERENCE: case RVALUE_REFERENCE:
                    printReference(n);
                    return;
                case CONST: case VOLATILE: case RESTRICT:
                    // A qualifier already pending is not printed twice: with T = int const,
                    // T const* is int const*, as c++filt (arrays also copy theirs down).
                    for (Mod m = mods; m != null; m = m.next) {
                        if (!m.printed) {
                            Kind k = m.node.kind;
                            if (k != Kind.CONST && k != Kind.VOLATILE && k != Kind.RESTRICT) {
                                break;
                            }
                            if (k == n.kind) {
                                print0(n.a);
                                return;
                            }
                        }
                    }
                    printModifier(n, n.a);
                    return;
                case POINTER: case COMPLEX: case IMAGINARY: case VENDOR_QUAL: case CONST_THIS: case VOLATILE_THIS:
                case RESTRICT_THIS: case REFERENCE_THIS: case RVALUE_REFERENCE_THIS: case TRANSACTION_SAFE:
                case NOEXCEPT: case THROW_SPEC:
                    printModifier(n, n.a);
                    return;
                case PTRMEM: case VECTOR:
                    printModifier(n, n.b);
                    return;
                case DECLTYPE:
                    append("decltype (");
                    print0(n.a);
                    append(')');
                    return;
                case PACK_EXPANSION:
                    printPackExpansion(n);
                    return;
                case LITERAL: case LITERAL_NEG:
                    printLiteral(n);
                    return;
                case UNARY:
                    printUnary(n);
                    return;
                case BINARY:
                    printBinary(n);
                    return;
                case TERNARY:
                    if (n.a.code.equals("qu")) { // (a)?(b) : (c)
                        subexpression(n.b);
                        append(n.a.text);
                        subexpression(n.c);
                        append(" : ");
                        subexpression(n.d);
                    } else { // new (placement) type(initializer); c++filt writes new[] so too
                        append("new ");
                        if (!n.b.list.isEmpty()) {
                            subexpression(n.b);
                            append(' ');
                        }
                        print0(n.c);
                        if (n.d != null) {
                            subexpression(n.d);
                        }
                    }
                    return;
                case NULLARY:
                    append(n.a.text);
                    return;
                case INIT_LIST:
                    if (n.a != null) {
                        print0(n.a);
                    }
                    append('{');
                    printList(n.b.list);
                    append('}');
                    return;
                default:
                    throw fail();
            }
        }

        /** The argument a template parameter stands for (an element, inside a pack expansion). */
        private Node argument(Node param) {
            Node a = lookup(param);
            if (a.kind == Kind.PACK) {
                if (packIndex >= a.list.size()) {
                    throw fail();
                }
                a = a.list.get(packIndex);
            }
            return a;
        }

        /** The argument of the innermost template (a whole pack, for a pack). */
        private Node lookup(Node param) {
            if (templates == null) {
                throw fail(); // nothing to refer to: c++filt gives up too
            }
            List<Node> args = templates.template().b.list;
            if (param.num >= args.size()) {
                throw fail();
            }
            return args.get(param.num);
        }

        /**
         * operator T: T_ in the type are the template arguments of the innermost template
         * around the operator (its own, in A::operator T<int>), except in the arguments of a
         * template type: in operator B<T>, T is the outer template's again.
         */
        private void printConversion(Node n) {
            append("operator ");
            Templates hold = templates;
            if (currentTemplate != null) {
                templates = new Templates(currentTemplate, templates);
            }
            Node type = n.a;
            if (type.kind != Kind.TEMPLATE) {
                print0(type);
                templates = hold;
                return;
            }
            print0(type.a);
            templates = hold;
            if (last() == '<') {
                append(' ');
            }
            append('<');
            printList(type.b.list);
            if (last() == '>') {
                append(' ');
            }
            append('>');
        }

        /**
         * a, b, c; an item that prints nothing (an empty pack) at the end takes its comma with
         * it, one elsewhere does not: f<int, , char> as c++filt.
         */
        private void printList(List<Node> items) {
            int start = out.length();
            int end = start;
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    append(", ");
                }
                int before = out.length();
                print0(items.get(i));
                if (out.length() > before) {
                    end = out.length();
                }
            }
            out.setLength(end);
        }

        /** A modifier (pointer, qualifier...): pending while the inner type prints. */
        private void printModifier(Node n, Node inner) {
            Mod m = new Mod(n, mods);
            mods = m;
            print0(inner);
            if (!m.printed) {
                printMod(n);
            }
            mods = m.next;
        }

        /**
         * Reference collapsing through a template parameter: T& with T = int&& is int&. As in
         * c++filt, a T& printed again through a substitution, outside where it first printed,
         * prints with the templates it first printed with.
         */
        private void printReference(Node n) {
            Node sub = n.a;
            Templates hold = templates;
            if (lambda == 0 && sub.kind == Kind.TEMPLATE_PARAM) {
                if (!savedScopes.containsKey(sub)) {
                    savedScopes.put(sub, templates);
                } else {
                    boolean inside = false;
                    for (int i = stack.size() - 1; i >= 0; i--) {
                        Node c = stack.get(i);
                        if (c == sub || (c == n && i != stack.size() - 1)) {
                            inside = true;
                            break;
                        }
                    }
                    if (!inside) {
                        templates = savedScopes.get(sub);
                    }
                }
                sub = argument(sub);
            }
            if (sub.kind == Kind.REFERENCE || sub.kind == n.kind) {
                printModifier(sub, sub.a);
            } else if (sub.kind == Kind.RVALUE_REFERENCE) {
                printModifier(n, sub.a);
            } else {
                printModifier(n, n.a);
            }
            templates = hold;
        }

        /** The text of a modifier in its place. */
        private void printMod(Node n) {
            switch (n.kind) {
                case RESTRICT: case RESTRICT_THIS:
                    append(" restrict");
                    return;
                case VOLATILE: case VOLATILE_THIS:
                    append(" volatile");
                    return;
                case CONST: case CONST_THIS:
                    append(" const");
                    return;
                case TRANSACTION_SAFE:
                    append(" transaction_safe");
                    return;
                case NOEXCEPT:
                    append(" noexcept");
                    if (n.b != null) {
                        append('(');
                        print0(n.b);
                        append(')');
                    }
                    return;
                case THROW_SPEC:
                    append(" throw(");
                    print0(n.b);
                    append(')');
                    return;
                case VENDOR_QUAL:
                    append(' ');
                    print0(n.b);
                    return;
                case POINTER:
                    append('*');
                    return;
                case REFERENCE:
                    append('&');
                    return;
                case RVALUE_REFERENCE:
                    append("&&");
                    return;
                case REFERENCE_THIS:
                    append(" &");
                    return;
                case RVALUE_REFERENCE_THIS:
                    append(" &&");
                    return;
                case COMPLEX:
                    append(" _Complex");
                    return;
                case IMAGINARY:
                    append(" _Imaginary");
                    return;
                case PTRMEM:
                    if (last() != '(') {
                        append(' ');
                    }
                    print0(n.a);
                    append("::*");
                    return;
                case VECTOR:
                    append(" __vector(");
                    print0(n.a);
                    append(')');
                    return;
                case LOCAL: {
                    // a local class's member function as a function's name: f()::A::g
                    printAlone(n.a); // (its function alone: nothing pending is the outer one's)
                    append("::");
                    Node entity = n.b;
                    if (entity.kind == Kind.DEFAULT_ARG) {
                        append("{default arg#" + (entity.num + 1) + "}::");
                        entity = entity.a;
                    }
                    while (isFunctionQualifier(entity)) {
                        entity = entity.a;
                    }
                    print0(entity);
                    return;
                }
                default:
                    print0(n); // a function's name
            }
        }

        /**
         * Pending modifiers in order, innermost first; function qualifiers (const, &, noexcept)
         * only in the suffix pass, after the parameters. A function or array type among them
         * prints itself and whatever is left.
         */
        private void printMods(Mod m, boolean suffix) {
            for (; m != null; m = m.next) {
                if (m.printed || (!suffix && isFunctionQualifier(m.node))) {
                    continue;
                }
                m.printed = true;
                Templates hold = templates;
                templates = m.templates; // those of where the modifier was
                if (m.node.kind == Kind.FUNCTION) {
                    printFunctionType(m.node, m.next);
                    templates = hold;
                    return;
                }
                if (m.node.kind == Kind.ARRAY) {
                    printArrayType(m.node, m.next);
                    templates = hold;
                    return;
                }
                printMod(m.node);
                templates = hold;
            }
        }

        /** A function with its name: the name and its this-qualifiers wait as modifiers. */
        private void printTyped(Node n) {
            Mod hold = mods;
            mods = null; // modifiers outside (a pointer to a local class) are not the function's
            Node name = n.a;
            while (true) {
                mods = new Mod(name, mods);
                if (!isFunctionQualifier(name)) {
                    break;
                }
                name = name.a;
            }
            if (name.kind == Kind.LOCAL) {
                // a local class's const member function: the const is the function's
                Mod nameMod = mods;
                Mod below = nameMod.next;
                Node entity = name.b;
                if (entity.kind == Kind.DEFAULT_ARG) {
                    entity = entity.a;
                }
                while (isFunctionQualifier(entity)) {
                    below = new Mod(entity, below);
                    entity = entity.a;
                }
                mods = new Mod(name, below);
                name = entity;
            }
            Templates holdTemplates = templates;
            if (name.kind == Kind.TEMPLATE) {
                templates = new Templates(name, templates); // for the signature's T_
            }
            print0(n.b);
            templates = holdTemplates;
            mods = hold;
        }

        /** Return type, then (pending modifiers and name), parameters, function qualifiers. */
        private void printFunction(Node n) {
            if (n.a != null) {
                Mod m = new Mod(n, mods);
                mods = m;
                print0(n.a);
                mods = m.next;
                if (m.printed) {
                    return; // the return type was a function pointer and printed us in place
                }
                append(' ');
            }
            printFunctionType(n, mods);
        }

        private void printFunctionType(Node n, Mod pending) {
            boolean paren = false;
            boolean space = false;
            for (Mod m = pending; m != null && !m.printed; m = m.next) {
                Kind k = m.node.kind;
                if (k == Kind.POINTER || k == Kind.REFERENCE || k == Kind.RVALUE_REFERENCE) {
                    paren = true;
                } else if (k == Kind.RESTRICT || k == Kind.VOLATILE || k == Kind.CONST || k == Kind.VENDOR_QUAL
                        || k == Kind.COMPLEX || k == Kind.IMAGINARY || k == Kind.PTRMEM) {
                    paren = true;
                    space = true;
                }
                if (paren) {
                    break;
                }
            }
            if (paren) {
                if (!space && last() != '(' && last() != '*') {
                    space = true;
                }
                if (space && last() != ' ') {
                    append(' ');
                }
                append('(');
            }
            Mod hold = mods;
            mods = null;
            printMods(pending, false);
            if (paren) {
                append(')');
            }
            append('(');
            printList(n.b.list);
            append(')');
            printMods(pending, true);
            mods = hold;
        }

        /**
         * An array: its element type prints with the array pending, so that int [2][3] and
         * int (*) [3] come out right; qualifiers on the array apply to its elements.
         */
        private void printArray(Node n) {
            Mod hold = mods;
            Mod array = new Mod(n, mods);
            mods = array;
            List<Mod> copied = new ArrayList<>();
            for (Mod m = hold; m != null; m = m.next) {
                Kind k = m.node.kind;
                if (k != Kind.CONST && k != Kind.VOLATILE && k != Kind.RESTRICT) {
                    break;
                }
                if (!m.printed) {
                    Mod copy = new Mod(m.node, mods, m.templates);
                    mods = copy;
                    m.printed = true;
                    copied.add(copy);
                }
            }
            print0(n.b);
            mods = hold;
            if (array.printed) {
                return;
            }
            for (int i = copied.size() - 1; i >= 0; i--) {
                printMod(copied.get(i).node);
            }
            printArrayType(n, mods);
        }

        private void printArrayType(Node n, Mod pending) {
            boolean space = true;
            if (pending != null) {
                boolean paren = false;
                for (Mod m = pending; m != null; m = m.next) {
                    if (!m.printed) {
                        if (m.node.kind == Kind.ARRAY) {
                            space = false;
                        } else {
                            paren = true;
                        }
                        break;
                    }
                }
                if (paren) {
                    append(" (");
                }
                printMods(pending, false);
                if (paren) {
                    append(')');
                }
            }
            if (space) {
                append(' ');
            }
            append('[');
            if (n.a != null) {
                print0(n.a);
            }
            append(']');
        }

        /** pattern... over the pack it names: (T&&)... with T = {int, char} is int&&, char&&. */
        private void printPackExpansion(Node n) {
            Node pack = findPack(n.a);
            if (pack == null) {
                subexpression(n.a);
                append("...");
                return;
            }
            int size = pack.list.size();
            for (int i = 0; i < size; i++) {
                packIndex = i;
                print0(n.a);
                if (i < size - 1) {
                    append(", ");
                }
            }
        }

        private Node findPack(Node n) {
            if (n == null || ++steps > MAX_STEPS) {
                if (n == null) {
                    return null;
                }
                throw fail();
            }
            switch (n.kind) {
                case TEMPLATE_PARAM: {
                    if (lambda > 0) {
                        return null; // a lambda's auto parameter: (auto:1)...
                    }
                    Node a = lookup(n);
                    return a.kind == Kind.PACK ? a : null;
                }
                case PACK_EXPANSION: case LAMBDA: case NAME: case STD_SUB: case OPERATOR: case BUILTIN:
                case FUNCTION_PARAM: case UNNAMED_TYPE: case DEFAULT_ARG: case CTOR: case DTOR:
                    return null;
                default:
                    break;
            }
            for (Node child : new Node[] {n.a, n.b, n.c, n.d}) {
                Node p = findPack(child);
                if (p != null) {
                    return p;
                }
            }
            if (n.list != null) {
                for (Node item : n.list) {
                    Node p = findPack(item);
                    if (p != null) {
                        return p;
                    }
                }
            }
            return null;
        }

        /** 5, 5u, 5l, 5ul, 5ll, 5ull, -5, true, false; others as (type)value. */
        private void printLiteral(Node n) {
            boolean negative = n.kind == Kind.LITERAL_NEG;
            int style = n.a.kind == Kind.BUILTIN ? n.a.num : LIT_DEFAULT;
            switch (style) {
                case LIT_INT: case LIT_UNSIGNED: case LIT_LONG: case LIT_ULONG: case LIT_LLONG: case LIT_ULLONG:
                    if (negative) {
                        append('-');
                    }
                    append(n.text);
                    append(style == LIT_UNSIGNED ? "u" : style == LIT_LONG ? "l" : style == LIT_ULONG ? "ul"
                            : style == LIT_LLONG ? "ll" : style == LIT_ULLONG ? "ull" : "");
                    return;
                case LIT_BOOL:
                    if (!negative && n.text.equals("0")) {
                        append("false");
                        return;
                    }
                    if (!negative && n.text.equals("1")) {
                        append("true");
                        return;
                    }
                    break;
                default:
                    break;
            }
            append('(');
            print0(n.a);
            append(')');
            if (negative) {
                append('-');
            }
            if (style == LIT_FLOAT) {
                append('[');
            }
            append(n.text);
            if (style == LIT_FLOAT) {
                append(']');
            }
        }

        /** An operand: in parentheses unless it is a name or a parameter. */
        private void subexpression(Node n) {
            boolean simple = n.kind == Kind.NAME || n.kind == Kind.QUAL || n.kind == Kind.INIT_LIST
                    || n.kind == Kind.FUNCTION_PARAM;
            if (!simple) {
                append('(');
            }
            print0(n);
            if (!simple) {
                append(')');
            }
        }

        private void printUnary(Node n) {
            Node op = n.a;
            Node operand = n.b;
            if (op.kind == Kind.CAST) {
                append('(');
                print0(op.a);
                append(')');
                subexpression(operand);
                return;
            }
            String code = op.code;
            if (code.equals("sZ")) { // sizeof...(pack): the pack's length
                Node pack = findPack(operand);
                append(Integer.toString(pack == null ? 0 : pack.list.size()));
                return;
            }
            if (code.equals("sP")) { // the number of arguments, packs expanded
                int count = 0;
                for (Node arg : operand.list) {
                    if (arg.kind == Kind.PACK_EXPANSION) {
                        Node pack = findPack(arg.a);
                        count += pack == null ? 0 : pack.list.size();
                    } else {
                        count++;
                    }
                }
                append(Integer.toString(count));
                return;
            }
            if (code.equals("ad") && operand.kind == Kind.TYPED && operand.a.kind == Kind.QUAL) {
                operand = operand.a; // &A::f, not &A::f()
            }
            if (n.num == 1) { // x++
                subexpression(operand);
                append(op.text);
                return;
            }
            append(op.text);
            if (code.equals("gs")) {
                print0(operand);
            } else if (code.equals("st")) {
                append('(');
                print0(operand);
                append(')');
            } else {
                subexpression(operand);
            }
        }

        private void printBinary(Node n) {
            Node op = n.a;
            String code = op.code;
            if (isNewCast(code)) { // static_cast<T>(x)
                append(op.text);
                append('<');
                print0(n.b);
                append(">(");
                print0(n.c);
                append(')');
                return;
            }
            boolean greater = op.text.equals(">"); // (a>b) inside <...>
            if (greater) {
                append('(');
            }
            if (code.equals("cl") && n.b.kind == Kind.TYPED) {
                subexpression(n.b.a); // a call: f(1), not f(int)(1)
            } else {
                subexpression(n.b);
            }
            if (code.equals("ix")) {
                append('[');
                print0(n.c);
                append(']');
            } else {
                if (!code.equals("cl")) {
                    append(op.text);
                }
                subexpression(n.c);
            }
            if (greater) {
                append(')');
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    /**
     * Legacy Rust symbols (before v0 mangling) look like C++ nested names ending in a hash,
     * _ZN4core3fmt5Write9write_fmt17h0123456789abcdefE, with $...$ escapes and .. for ::
     * inside the identifiers. c++filt decodes them (keeping the hash), and so does this, the
     * same way: a hash is h and 16 lowercase hex digits, at least 5 of them different; an
     * escape it does not know prints the rest of its identifier as it is.
     */
    static final class RustLegacy {
        private RustLegacy() {
        }

        /** The decoded name, or null when this is not a legacy Rust name. */
        static String demangle(String s) {
            if (!s.startsWith("_ZN")) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            int pos = 3;
            while (pos < s.length() && isDigit(s.charAt(pos))) {
                int len = 0;
                while (pos < s.length() && isDigit(s.charAt(pos))) {
                    len = len * 10 + (s.charAt(pos++) - '0');
                    if (len > s.length()) {
                        return null;
                    }
                }
                if (len == 0 || len > s.length() - pos) {
                    return null;
                }
                parts.add(s.substring(pos, pos + len));
                pos += len;
            }
            // E, then nothing or a suffix such as .llvm.123 (which c++filt -p drops)
            if (pos >= s.length() || s.charAt(pos) != 'E' || parts.isEmpty() || !isHash(parts.get(parts.size() - 1))
                    || (pos + 1 < s.length() && s.charAt(pos + 1) != '.')) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            for (String part : parts) {
                if (out.length() > 0) {
                    out.append("::");
                }
                decode(part, out);
            }
            return out.toString();
        }

        private static boolean isHash(String part) {
            if (part.length() != 17 || part.charAt(0) != 'h') {
                return false;
            }
            int seen = 0;
            for (int i = 1; i < 17; i++) {
                int v = hexDigit(part.charAt(i));
                if (v < 0) {
                    return false;
                }
                seen |= 1 << v;
            }
            return Integer.bitCount(seen) >= 5;
        }

        private static int hexDigit(char c) {
            return isDigit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        }

        private static final String[][] ESCAPES = {
            {"SP", "@"}, {"BP", "*"}, {"RF", "&"}, {"LT", "<"}, {"GT", ">"}, {"LP", "("}, {"RP", ")"}, {"C", ","},
        };

        private static void decode(String id, StringBuilder out) {
            int i = id.startsWith("_$") ? 1 : 0;
            while (i < id.length()) {
                char c = id.charAt(i);
                if (c == '.') {
                    boolean two = id.startsWith("..", i);
                    out.append(two ? "::" : ".");
                    i += two ? 2 : 1;
                    continue;
                }
                if (c != '$') {
                    out.append(c);
                    i++;
                    continue;
                }
                int end = id.indexOf('$', i + 1);
                String esc = end < 0 ? null : id.substring(i + 1, end);
                String text = null;
                if (esc != null) {
                    for (String[] e : ESCAPES) {
                        if (e[0].equals(esc)) {
                            text = e[1];
                        }
                    }
                    if (esc.length() == 3 && esc.charAt(0) == 'u' && hexDigit(esc.charAt(1)) >= 0
                            && hexDigit(esc.charAt(2)) >= 0) {
                        int cp = hexDigit(esc.charAt(1)) * 16 + hexDigit(esc.charAt(2));
                        if (cp >= 0x20 && cp <= 0x7f) {
                            text = String.valueOf((char) cp);
                        }
                    }
                }
                if (text == null) {
                    out.append(id, i, id.length()); // as c++filt: the rest as it is
                    return;
                }
                out.append(text);
                i = end + 1;
            }
        }
    }
}
