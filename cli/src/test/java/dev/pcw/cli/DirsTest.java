package dev.pcw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder is emptied only when pcw created it; a user's folder is refused and left as it is. */
class DirsTest {
    @TempDir Path tmp;

    @Test
    void aNewFolderIsCreatedAndMarked() throws Exception {
        Path home = tmp.resolve("a/b");
        Dirs.reset(home, "pcw demo");
        assertThat(home.resolve(Dirs.MARKER)).isRegularFile();
    }

    @Test
    void aMarkedFolderIsEmptied() throws Exception {
        Path home = tmp.resolve("demo");
        Dirs.reset(home, "pcw demo");
        Files.createDirectories(home.resolve("lake/bronze"));
        Files.writeString(home.resolve("lake/bronze/x.jsonl"), "{}");
        Files.writeString(home.resolve("notes.txt"), "left by the last run");
        Dirs.reset(home, "pcw demo");
        try (var entries = Files.list(home)) {
            assertThat(entries)
                    .extracting(p -> p.getFileName().toString())
                    .containsExactly(Dirs.MARKER);
        }
    }

    @Test
    void aFolderPcwDidNotCreateIsRefusedAndKept() throws Exception {
        Path mine = tmp.resolve("documents");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("thesis.tex"), "years of work");
        assertThatThrownBy(() -> Dirs.reset(mine, "pcw demo"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to empty " + mine)
                .hasMessageContaining("pcw did not create it")
                .hasMessageContaining("thesis.tex")
                .hasMessageContaining("Choose a new or empty folder");
        assertThat(mine.resolve("thesis.tex")).hasContent("years of work");
    }

    @Test
    void aHomeFromBeforeTheMarkerHoldingOnlyPcwsEntriesIsEmptied() throws Exception {
        Path old = tmp.resolve("var-demo");
        Files.createDirectories(old.resolve("lake"));
        Files.createDirectories(old.resolve("checkpoints"));
        Files.writeString(old.resolve("pcw.db"), "");
        Dirs.reset(old, "pcw demo");
        assertThat(old.resolve("lake")).doesNotExist();
        assertThat(old.resolve(Dirs.MARKER)).isRegularFile();
    }

    @Test
    void anEmptyFolderIsTakenAndAFileIsRefused() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Dirs.reset(empty, "pcw demo");
        assertThat(empty.resolve(Dirs.MARKER)).isRegularFile();
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> Dirs.reset(file, "pcw demo")).hasMessageContaining("it is a file");
        assertThat(file).hasContent("x");
    }
}
