package io.github.lfwire.langfuse.spring.boot.autoconfigure.aot;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.lfwire.langfuse.observe.Observe;
import org.junit.jupiter.api.Test;

import org.springframework.aot.AotDetector;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

class LangfuseAotTest {

	@Test
	void shouldRegisterTheClientsOwnHintsThroughAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.hasAtLeastOneElementOfType(LangfuseRuntimeHints.class);
		RuntimeHints hints = new RuntimeHints();
		new LangfuseRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onType(Object.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("io/opentelemetry/sdk/common/version.properties"))
			.accepts(hints);
	}

	@Test
	void shouldRegisterObservedBeansForInvocationIntrospectionAndCapture() {
		RuntimeHints hints = processAheadOfTime(Assistant.class, Toolbox.class, ToolboxImpl.class, Plain.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Assistant.class, "answer")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Assistant.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Question.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Question.class, "text")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Answer.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Assistant.class, "unobserved"))
			.rejects(hints);

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ToolboxImpl.class, "lookup")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Toolbox.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Document.class)).accepts(hints);

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Plain.class, "work")).rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Unrelated.class)).rejects(hints);
	}

	@Test
	void shouldObservePublicMethodsOfAnAnnotatedClassOnly() {
		RuntimeHints hints = processAheadOfTime(AnnotatedClass.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AnnotatedClass.class, "first"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AnnotatedClass.class, "hidden"))
			.rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(AnnotatedClass.class, "toString"))
			.rejects(hints);
	}

	private static RuntimeHints processAheadOfTime(Class<?>... beanClasses) {
		assertThat(AotDetector.useGeneratedArtifacts()).isFalse();
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			for (Class<?> beanClass : beanClasses) {
				if (!beanClass.isInterface()) {
					context.registerBean(beanClass);
				}
			}
			DefaultGenerationContext generation = new DefaultGenerationContext(
					new ClassNameGenerator(ClassName.get("com.example", "AotTest")), new InMemoryGeneratedFiles());
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			return generation.getRuntimeHints();
		}
	}

	public record Question(String text) {
	}

	public record Answer(String text, List<String> sources) {
	}

	public record Document(String id) {
	}

	public record Unrelated(String id) {
	}

	public static class Assistant {

		@Observe(name = "answer")
		public Answer answer(Question question) {
			return new Answer(question.text(), List.of());
		}

		public Unrelated unobserved() {
			return new Unrelated("x");
		}

	}

	public interface Toolbox {

		@Observe
		CompletableFuture<Document> lookup(String key);

	}

	public static class ToolboxImpl implements Toolbox {

		@Override
		public CompletableFuture<Document> lookup(String key) {
			return CompletableFuture.completedFuture(new Document(key));
		}

	}

	public static class Plain {

		public String work() {
			return "done";
		}

	}

	@Observe
	public static class AnnotatedClass {

		public String first() {
			return hidden();
		}

		String hidden() {
			return "hidden";
		}

		@Override
		public String toString() {
			return "annotated";
		}

	}

}
