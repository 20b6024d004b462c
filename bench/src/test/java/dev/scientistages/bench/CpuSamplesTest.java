package dev.scientistages.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuSamplesTest {
  private static CpuSamples samples() {
    CpuSamples s = new CpuSamples();
    s.add(1_000, 0);
    s.add(1_100, 50_000);
    s.add(1_300, 250_000);
    return s;
  }

  @Test
  void shouldInterpolateBetweenTheSamplesAroundAnInstant() {
    assertThat(samples().at(1_050)).isEqualTo(25_000);
    assertThat(samples().at(1_200)).isEqualTo(150_000);
    assertThat(samples().between(1_050, 1_200)).isEqualTo(125_000);
  }

  @Test
  void shouldHoldTheFirstAndLastSampleOutsideTheirSpan() {
    assertThat(samples().at(900)).isEqualTo(0);
    assertThat(samples().at(2_000)).isEqualTo(250_000);
    assertThat(samples().whole()).isEqualTo(250_000);
  }
}
