package dev.scientistages.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A suite that takes minutes: crashes, broker restarts, failover, load, secured clusters. The quick
 * tier ({@code mvn -B verify -Pquick}) leaves these out; {@code mvn -B verify} runs them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(Slow.TAG)
public @interface Slow {
  /** The JUnit tag, as the quick profile's failsafe configuration excludes it. */
  String TAG = "slow";
}
