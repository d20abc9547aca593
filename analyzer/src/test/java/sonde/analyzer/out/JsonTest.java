package sonde.analyzer.out;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        Json.append(sb, v);
        return sb.toString();
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\"", json("a\"b\\c\n\r\t\b\f\u0001"));
    }

    @Test
    void writesNonAsciiAsUnicodeEscapes() {
        assertEquals("\"caf\\u00e9 \\ud83d\\ude00 \\u007f\"", json("café 😀 \u007f"));
    }

    @Test
    void writesNumbersAsNumbersAndWhatJsonCannotSayAsNull() {
        assertEquals("[1,-2,3.5,12345678901234567890,1.50,null,null]", json(Arrays.asList(
                1, -2L, 3.5, new BigInteger("12345678901234567890"), new BigDecimal("1.50"), Double.NaN, Double.POSITIVE_INFINITY)));
    }

    @Test
    void keepsTheOrderOfObjectKeysAndNests() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", null);
        m.put("a", List.of(true, false));
        m.put("m", Map.of("k", "v"));
        assertEquals("{\"z\":null,\"a\":[true,false],\"m\":{\"k\":\"v\"}}", json(m));
    }
}
