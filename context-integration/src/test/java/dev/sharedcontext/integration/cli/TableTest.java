package dev.sharedcontext.integration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void alignsTextLeftAndNumbersRight() {
    String t = new Table("PROJECT", "TOKENS", "SIZE").row("shop", "1,234", "2.5 KiB").row("a-long-name", "7", "17 B")
        .render();
    assertThat(t).isEqualTo(String.join("\n",
        "PROJECT      TOKENS  SIZE",
        "-----------  ------  -------",
        "shop          1,234  2.5 KiB",
        "a-long-name       7     17 B", ""));
  }

  @Test
  void keyValueListingsHaveNoHeader() {
    assertThat(Table.keyValue().row("status", "ok").row("uptime", "5s").render()).isEqualTo("status  ok\nuptime  5s\n");
  }

  @Test
  void formats() {
    assertThat(Format.count(1234567)).isEqualTo("1,234,567");
    assertThat(Format.bytes(512)).isEqualTo("512 B");
    assertThat(Format.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Format.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    assertThat(Format.percent(0.9873)).isEqualTo("98.7 %");
    assertThat(Format.uptime(5)).isEqualTo("5s");
    assertThat(Format.uptime(3723)).isEqualTo("1h 02m 03s");
    assertThat(Format.uptime(90_061)).isEqualTo("1d 01h 01m 01s");
  }

  @Test
  void durationsOnTheCommandLine() {
    ContextCommand.DurationConverter c = new ContextCommand.DurationConverter();
    assertThat(c.convert("500ms").toMillis()).isEqualTo(500);
    assertThat(c.convert("5s").toSeconds()).isEqualTo(5);
    assertThat(c.convert("PT2M").toMinutes()).isEqualTo(2);
  }
}
