package dev.scientistages.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReferenceYearTest {
  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void shouldGiveTheUtcYearOfEachTimestampAcrossYearBoundariesInAnyOrder() {
    ReferenceYear year = ReferenceYear.parse(ReferenceYear.RECORD_TIME);
    assertThat(year.at(at("2017-06-01T00:00:00Z"))).isEqualTo(2017);
    assertThat(year.at(at("2017-12-31T23:59:59.999Z"))).isEqualTo(2017);
    assertThat(year.at(at("2018-01-01T00:00:00Z"))).isEqualTo(2018);
    assertThat(year.at(at("2017-12-31T23:59:59.999Z"))).isEqualTo(2017);
    assertThat(year.at(at("2017-01-01T00:00:00Z"))).isEqualTo(2017);
    assertThat(year.at(at("2016-12-31T23:59:59.999Z"))).isEqualTo(2016);
    assertThat(year.at(0)).isEqualTo(1970);
    assertThat(year.at(-1)).isEqualTo(1969);
    assertThat(year.at(at("2024-02-29T12:00:00Z"))).isEqualTo(2024);
  }

  @Test
  void shouldKeepAFixedYear() {
    ReferenceYear year = ReferenceYear.parse("2017");
    assertThat(year.at(at("1999-01-01T00:00:00Z"))).isEqualTo(2017);
    assertThat(year).isEqualTo(new ReferenceYear.Fixed(2017));
    assertThat(ReferenceYear.parse("record-time")).isEqualTo(new ReferenceYear.RecordTime());
  }
}
