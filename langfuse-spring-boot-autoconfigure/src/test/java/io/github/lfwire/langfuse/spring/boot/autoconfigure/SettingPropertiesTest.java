package io.github.lfwire.langfuse.spring.boot.autoconfigure;

import io.github.lfwire.langfuse.LangfuseProjects;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The properties of the settings of further projects, and messages naming them. */
class SettingPropertiesTest {

	@Test
	void shouldNameThePropertiesOfAProjectsSettings() {
		assertThat(SettingProperties.propertyOf("projects.b.secret-key")).isEqualTo("langfuse.projects.b.secret-key");
		assertThat(SettingProperties.propertyOf("projects.eu-2")).isEqualTo("langfuse.projects.eu-2");
	}

	@Test
	void shouldTranslateTheProjectSettingsOfACoreMessageOnce() {
		String fix = LangfuseProjects.unknownProject("billing", java.util.List.of("default")).fix();
		assertThat(SettingProperties.translate(fix))
			.isEqualTo("Add its keys as langfuse.projects.billing.public-key and langfuse.projects.billing.secret-key,"
					+ " or name a configured project");
		assertThat(SettingProperties.translate("set langfuse.projects.b.secret-key"))
			.isEqualTo("set langfuse.projects.b.secret-key");
		assertThat(SettingProperties.translate("one of several projects. Then secretKey"))
			.isEqualTo("one of several projects. Then langfuse.secret-key");
	}

}
