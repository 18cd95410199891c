package dev.chatscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class ValueParsersTest {
    private final ValueParsers.DurationConverter durations = new ValueParsers.DurationConverter();
    private final ValueParsers.SizeConverter sizes = new ValueParsers.SizeConverter();

    @ParameterizedTest
    @CsvSource({"250ms,250", "90s,90000", "2m,120000", "1h,3600000", "45,45000", " 3S ,3000"})
    void durationsAcceptUnitsOrBareSeconds(String text, long millis) {
        assertThat(durations.convert(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5d", "ms"})
    void badDurationsAreRejected(String text) {
        assertThatThrownBy(() -> durations.convert(text)).isInstanceOf(TypeConversionException.class);
    }

    @ParameterizedTest
    @CsvSource({"512k,524288", "1m,1048576", "1g,1073741824", "65536,65536", "64K,65536"})
    void sizesAcceptBinaryUnits(String text, int bytes) {
        assertThat(sizes.convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"big", "2g", "-1", "99999999999"})
    void badOrOversizedSizesAreRejected(String text) {
        assertThatThrownBy(() -> sizes.convert(text)).isInstanceOf(TypeConversionException.class);
    }
}
