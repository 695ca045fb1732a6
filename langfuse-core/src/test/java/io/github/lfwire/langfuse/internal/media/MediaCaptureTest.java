package io.github.lfwire.langfuse.internal.media;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.github.lfwire.langfuse.LangfuseConfig;
import io.github.lfwire.langfuse.capture.Captured;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import io.github.lfwire.langfuse.config.LangfuseConfigException;
import io.github.lfwire.langfuse.media.LangfuseMedia;
import io.github.lfwire.langfuse.media.MediaContentTypes;
import io.github.lfwire.langfuse.media.MediaSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MediaCaptureTest {

	private final MediaUploader uploader = new MediaUploader(null, MediaSettings.DEFAULTS, Duration.ofMillis(10),
			Duration.ofMillis(10), (span) -> {
			});

	private final PayloadCapture capture = PayloadCapture.builder().media(true).build();

	record Message(String role, List<String> attachments, String[] more) {
	}

	private static String hugeDataUri() {
		char[] base64 = new char[5 * 1024 * 1024];
		java.util.Arrays.fill(base64, 'A');
		return "data:image/png;base64," + new String(base64);
	}

	@Test
	void shouldNotSerializeTheContentOfAHugeDataUri() {
		MediaSink sink = this.uploader.newSink();
		Captured captured = this.capture.capture(Map.of("image", hugeDataUri()), sink);
		assertThat(captured.truncated()).isFalse();
		assertThat(captured.bytesSerialized()).isLessThan(200);
		assertThat(captured.json())
			.matches("\\{\"image\":\"@@@langfuseMedia:type=image/png\\|id=[^|]{22}\\|source=base64_data_uri@@@\"}");
		assertThat(sink.found()).hasSize(1);
	}

	@Test
	void shouldFindDataUrisInBeanPropertiesStringListsAndArrays() {
		String uri = "data:image/gif;base64," + Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 });
		MediaSink sink = this.uploader.newSink();
		Captured captured = this.capture.capture(new Message(uri, List.of("text", uri), new String[] { uri }), sink);
		assertThat(captured.json()).doesNotContain(";base64,");
		assertThat(sink.found()).hasSize(3);
	}

	@Test
	void shouldUseTheSinkOnlyForTheCaptureItWasGivenTo() {
		String uri = "data:image/gif;base64," + Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3 });
		MediaSink sink = this.uploader.newSink();
		this.capture.capture(List.of(uri), sink);
		Captured later = this.capture.capture(List.of(uri));
		Captured failing = this.capture.capture(new Object() {
			public String getImage() {
				return uri;
			}

			public String getBroken() {
				throw new IllegalStateException("boom");
			}
		}, sink);
		Captured afterFailure = this.capture.capture(List.of(uri));
		assertThat(later.json()).contains(";base64,");
		assertThat(failing.truncated()).isTrue();
		assertThat(afterFailure.json()).contains(";base64,");
		assertThat(MediaSink.current()).isNull();
	}

	@Test
	void shouldLeaveStringsThatAreNotBase64DataUrisAlone() {
		MediaSink sink = this.uploader.newSink();
		Captured captured = this.capture
			.capture(List.of("data:text/plain,hello", "data: the numbers", "data:image/png;base64,"), sink);
		assertThat(captured.json())
			.isEqualTo("[\"data:text/plain,hello\",\"data: the numbers\",\"data:image/png;base64,\"]");
		assertThat(sink.isEmpty()).isTrue();
	}

	@Test
	void shouldWriteMediaInlineCutAtTheLimitWithoutASink() {
		byte[] bytes = new byte[100_000];
		Captured captured = this.capture.capture(Map.of("file", LangfuseMedia.of(bytes, "application/pdf")));
		assertThat(captured.truncated()).isTrue();
		assertThat(captured.json()).contains("data:application/pdf;base64,AAAA");
		assertThat(captured.bytesSerialized()).isLessThan(2L * 32 * 1024);
	}

	@Test
	void shouldCaptureAsBeforeWhenMediaIsNotEnabled() {
		String uri = "data:image/png;base64,AAAA";
		PayloadCapture plain = PayloadCapture.builder().build();
		assertThat(plain.capture(Map.of("image", uri)).json()).isEqualTo("{\"image\":\"data:image/png;base64,AAAA\"}");
		assertThat(plain.capture(LangfuseMedia.of(new byte[] { 0, 0, 0 }, "image/png"), this.uploader.newSink()).json())
			.isEqualTo("\"data:image/png;base64,AAAA\"");
	}

	@Test
	void shouldRecogniseEveryServerContentTypeAndNothingElse() {
		assertThat(MediaContentTypes.SUPPORTED).hasSize(52);
		assertThat(MediaContentTypes.isSupported("Image/PNG; charset=binary")).isTrue();
		assertThat(MediaContentTypes.isSupported("image/x-unknown")).isFalse();
		assertThat(MediaContentTypes.isSupported(null)).isFalse();
	}

	@Test
	void shouldNameTheSettingWhenMediaSettingsAreInvalid() {
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> MediaSettings.DEFAULTS.withUploadThreads(0))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("mediaUploadThreads"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> MediaSettings.DEFAULTS.withMaxQueue(0, 1))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("mediaMaxQueueSize"));
		assertThatExceptionOfType(LangfuseConfigException.class)
			.isThrownBy(() -> MediaSettings.DEFAULTS.withUploadTimeout(Duration.ZERO))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("mediaUploadTimeout"));
	}

	@Test
	void shouldReadTheOfficialMediaEnvironmentVariables() {
		LangfuseConfig config = LangfuseConfig
			.fromEnvironment(
					Map.of("LANGFUSE_MEDIA_UPLOAD_ENABLED", "false", "LANGFUSE_MEDIA_UPLOAD_THREAD_COUNT", "3"))
			.build();
		assertThat(config.media().enabled()).isFalse();
		assertThat(config.media().uploadThreads()).isEqualTo(3);
		assertThat(LangfuseConfig.builder().build().media()).isEqualTo(MediaSettings.DEFAULTS);
	}

}
