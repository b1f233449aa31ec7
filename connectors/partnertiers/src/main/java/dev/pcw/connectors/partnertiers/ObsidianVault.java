package dev.pcw.connectors.partnertiers;

import dev.pcw.schemas.tiers.ObsidianNotes;
import dev.pcw.schemas.tiers.PartnerTier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the OEM notes into an Obsidian vault at {@code <vault>/30 Hubs/OEMs/<OEM>.md}. Each note
 * is written to a temporary file beside it and renamed over it, so a failed export never leaves a
 * half-written note; a note whose content did not change is not written at all, so vault sync tools
 * see no churn. Notes of OEMs no longer in the store are left alone.
 */
public final class ObsidianVault {
    /** The environment variable that names the vault, as the seed has it. */
    public static final String VAULT_ROOT = "VAULT_ROOT";

    private final Path root;

    public ObsidianVault(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** What an export did. */
    public static final class Export {
        private final List<Path> written;
        private final List<Path> unchanged;
        private final int oems;

        Export(List<Path> written, List<Path> unchanged, int oems) {
            this.written = List.copyOf(written);
            this.unchanged = List.copyOf(unchanged);
            this.oems = oems;
        }

        /** Notes written because they were new or their content changed. */
        public List<Path> written() {
            return written;
        }

        /** Notes already up to date, not touched. */
        public List<Path> unchanged() {
            return unchanged;
        }

        /** OEMs exported. */
        public int oems() {
            return oems;
        }
    }

    /** The folder the notes go to. */
    public Path folder() {
        return root.resolve(ObsidianNotes.FOLDER);
    }

    /**
     * Exports every OEM's note.
     *
     * @param properties whether notes start with Obsidian properties (YAML front matter)
     * @throws IOException naming the note that could not be written; notes written before it stay,
     *     complete
     */
    public Export export(Collection<PartnerTier> tiers, boolean properties) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException(
                    "the vault " + root + " does not exist (set " + VAULT_ROOT + " or --vault)");
        }
        Path folder = folder();
        Files.createDirectories(folder);
        Map<String, String> notes = ObsidianNotes.render(tiers, properties);
        List<Path> written = new ArrayList<>();
        List<Path> unchanged = new ArrayList<>();
        for (Map.Entry<String, String> e : notes.entrySet()) {
            Path note = folder.resolve(e.getKey());
            byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
            if (Files.isRegularFile(note) && Arrays.equals(Files.readAllBytes(note), content)) {
                unchanged.add(note);
                continue;
            }
            writeAtomically(note, content);
            written.add(note);
        }
        return new Export(written, unchanged, notes.size());
    }

    private static void writeAtomically(Path note, byte[] content) throws IOException {
        Path tmp = Files.createTempFile(note.getParent(), ".pcw-", ".md.tmp");
        try {
            Files.write(tmp, content);
            try {
                Files.move(
                        tmp,
                        note,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, note, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write " + note + ": " + e.getMessage(), e);
        }
    }
}
