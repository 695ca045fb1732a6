package io.github.lfwire.langfuse.observe;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.lfwire.langfuse.ObservationType;

/**
 * Records each call of the annotated method, or of every public method of the annotated
 * class other than those of {@code java.lang.Object}, as a Langfuse observation nested
 * under the caller's; an annotation on an interface or superclass method or type applies
 * to the methods that implement or inherit it.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface Observe {

	/** The observation name; {@code SimpleClassName.method} when empty. */
	String name() default "";

	/** The observation type. */
	ObservationType type() default ObservationType.SPAN;

	/**
	 * Whether the arguments are captured as input; the configured default when
	 * {@link Capture#DEFAULT}.
	 */
	Capture captureInput() default Capture.DEFAULT;

	/**
	 * Whether the return value is captured as output; the configured default when
	 * {@link Capture#DEFAULT}.
	 */
	Capture captureOutput() default Capture.DEFAULT;

	/**
	 * The id of the Langfuse project a trace started by this call goes to, as configured
	 * under {@code langfuse.projects}; the default project when empty. A call made while
	 * an observation is current joins that observation's trace and project instead.
	 */
	String project() default "";

	/** Whether to capture a value. */
	enum Capture {

		/** Use the configured default. */
		DEFAULT,
		/** Capture. */
		ON,
		/** Do not capture; the value is never serialized. */
		OFF

	}

}
