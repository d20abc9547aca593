package sonde.recorder.symbols;

/** A resolved address: function name, module, and kind (kernel, user, jit). */
public record Symbol(String name, String module, String kind) {
    public static final String UNKNOWN = "[unknown]";

    public static Symbol unknown(String module, String kind) {
        return new Symbol(UNKNOWN, module, kind);
    }
}
