package io.github.lfwire.langfuse.observe;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.lfwire.langfuse.LangfuseClient;
import io.github.lfwire.langfuse.LangfuseProjects;
import io.github.lfwire.langfuse.Observation;
import io.github.lfwire.langfuse.capture.ImmutableValues;
import io.github.lfwire.langfuse.capture.PayloadCapture;
import org.jspecify.annotations.Nullable;

/**
 * Turns calls of {@link Observe}-annotated methods into observations, independent of the
 * AOP framework that intercepts them.
 * <p>
 * Everything about a method (name, type, which arguments are data, how its result
 * completes) is worked out on its first call and cached; the application's exceptions
 * pass through unchanged and tracing never adds one.
 */
public final class ObserveInterceptor {

	/**
	 * Argument types that are plumbing rather than data, and the header and cookie
	 * holders capture omits, matched by name so no framework is needed.
	 */
	private static final Set<String> FRAMEWORK_TYPES = Stream.concat(
			Stream.of("jakarta.servlet.ServletRequest", "jakarta.servlet.ServletResponse",
					"jakarta.servlet.http.HttpSession", "jakarta.servlet.http.Part", "java.io.InputStream",
					"java.io.OutputStream", "java.io.Reader", "java.io.Writer", "java.nio.channels.Channel",
					"java.security.Principal", "org.springframework.web.server.ServerWebExchange",
					"org.springframework.http.server.reactive.ServerHttpRequest",
					"org.springframework.http.server.reactive.ServerHttpResponse",
					"org.springframework.web.context.request.WebRequest", "org.springframework.ui.Model",
					"org.springframework.validation.Errors", "org.springframework.web.multipart.MultipartFile",
					"org.springframework.web.servlet.mvc.support.RedirectAttributes"),
			PayloadCapture.OMITTED_TYPES.stream())
		.collect(Collectors.toUnmodifiableSet());

	/**
	 * Parameter annotations binding request headers and cookies, which carry credentials
	 * under any name.
	 */
	private static final Set<String> HEADER_ANNOTATIONS = Set.of(
			"org.springframework.web.bind.annotation.RequestHeader",
			"org.springframework.web.bind.annotation.CookieValue", "jakarta.ws.rs.HeaderParam",
			"jakarta.ws.rs.CookieParam");

	private static final Set<String> OBJECT_METHOD_NAMES = Arrays.stream(Object.class.getDeclaredMethods())
		.map(Method::getName)
		.collect(Collectors.toUnmodifiableSet());

	private static final BiFunction<Method, Class<?>, Method> SAME_METHOD = (method, targetClass) -> method;

	private static final Logger logger = System.getLogger(ObserveInterceptor.class.getName());

	private final LangfuseProjects projects;

	private final List<AsyncResultHandler> asyncHandlers;

	private final ClassValue<Map<Method, Plan>> plans = new ClassValue<>() {
		@Override
		protected Map<Method, Plan> computeValue(Class<?> type) {
			return new ConcurrentHashMap<>();
		}
	};

	/**
	 * Creates an interceptor; {@link CompletionStageResultHandler} is always added after
	 * the given handlers.
	 */
	public ObserveInterceptor(LangfuseClient client, List<? extends AsyncResultHandler> asyncHandlers) {
		this(LangfuseProjects.of(client), asyncHandlers);
	}

	/**
	 * Creates an interceptor that starts the traces of {@link Observe#project()} in that
	 * project; {@link CompletionStageResultHandler} is always added after the given
	 * handlers.
	 */
	public ObserveInterceptor(LangfuseProjects projects, List<? extends AsyncResultHandler> asyncHandlers) {
		this.projects = projects;
		List<AsyncResultHandler> handlers = new ArrayList<>(asyncHandlers);
		handlers.add(new CompletionStageResultHandler());
		this.asyncHandlers = List.copyOf(handlers);
	}

	/**
	 * Observes one call.
	 * @param targetClass the class of the object whose method is called (not its proxy)
	 * @param method the most specific method being called
	 * @param args the arguments
	 * @param invocation runs the method
	 * @return what the method returned, or an equivalent future or stream that also ends
	 * the observation
	 * @throws Throwable exactly what the method threw
	 */
	public @Nullable Object invoke(Class<?> targetClass, Method method, @Nullable Object[] args,
			ObservedInvocation invocation) throws Throwable {
		return invoke(targetClass, method, SAME_METHOD, args, invocation);
	}

	/**
	 * Observes one call, finding the most specific method only on the first call of each
	 * method, so that a framework need not resolve it on every call.
	 * @param targetClass the class of the object whose method is called (not its proxy)
	 * @param method the method as the framework intercepted it
	 * @param mostSpecific finds the most specific method for the method and target class
	 * @param args the arguments
	 * @param invocation runs the method
	 * @return what the method returned, or an equivalent future or stream that also ends
	 * the observation
	 * @throws Throwable exactly what the method threw
	 */
	public @Nullable Object invoke(Class<?> targetClass, Method method,
			BiFunction<Method, Class<?>, Method> mostSpecific, @Nullable Object[] args, ObservedInvocation invocation)
			throws Throwable {
		Plan plan = plan(targetClass, method, mostSpecific);
		if (plan == null) {
			return invocation.proceed();
		}
		Observation observation = plan.client().start(plan.type(), plan.name());
		if (plan.captureInput() && observation.isRecording()) {
			observation.input(plan.input(args));
		}
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			observation.recordException(ex);
			observation.close();
			throw ex;
		}
		if (plan.asyncHandler() != null) {
			observation.detach();
			try {
				return plan.asyncHandler().handle(result, observation, plan.captureOutput());
			}
			catch (RuntimeException ex) {
				observation.end();
				return result;
			}
		}
		if (plan.captureOutput() && observation.isRecording()) {
			observation.output(result);
		}
		observation.close();
		return result;
	}

	private @Nullable Plan plan(Class<?> targetClass, Method method,
			BiFunction<Method, Class<?>, Method> mostSpecific) {
		Map<Method, Plan> byMethod = this.plans.get(targetClass);
		Plan plan = byMethod.get(method);
		if (plan == null) {
			plan = byMethod.computeIfAbsent(method,
					(key) -> createPlan(targetClass, mostSpecific.apply(key, targetClass)));
		}
		return (plan == Plan.NONE) ? null : plan;
	}

	private Plan createPlan(Class<?> targetClass, Method method) {
		List<Method> declarations = declarations(targetClass, method);
		Observe observe = null;
		for (int i = 0; i < declarations.size() && observe == null; i++) {
			observe = declarations.get(i).getAnnotation(Observe.class);
		}
		if (observe == null && isObservedByType(method)) {
			observe = typeAnnotation(targetClass);
		}
		if (observe == null) {
			return Plan.NONE;
		}
		String name = observe.name().isEmpty() ? targetClass.getSimpleName() + "." + method.getName() : observe.name();
		LangfuseClient client = this.projects.find(observe.project()).orElse(null);
		if (client == null) {
			logger.log(Level.ERROR,
					"Langfuse does not observe " + name + ": "
							+ LangfuseProjects.unknownProject(observe.project(), this.projects.clients().keySet())
								.getMessage());
			return Plan.NONE;
		}
		boolean captureInput = resolve(observe.captureInput(), client.config().capture().input());
		boolean captureOutput = resolve(observe.captureOutput(), client.config().capture().output())
				&& method.getReturnType() != void.class;
		Parameter[] parameters = method.getParameters();
		List<String> names = new ArrayList<>();
		List<Integer> indexes = new ArrayList<>();
		for (int i = 0; i < parameters.length; i++) {
			if (!isFrameworkType(parameters[i].getType()) && !isBoundToHeader(declarations, i)) {
				names.add(parameters[i].getName());
				indexes.add(i);
			}
		}
		AsyncResultHandler handler = null;
		for (AsyncResultHandler candidate : this.asyncHandlers) {
			if (candidate.supports(method.getReturnType())) {
				handler = candidate;
				break;
			}
		}
		return new Plan(client, name, observe.type(), captureInput, captureOutput, names.toArray(String[]::new),
				indexes.stream().mapToInt(Integer::intValue).toArray(), handler);
	}

	/**
	 * The project ids that {@link Observe} annotations on the class, its methods and
	 * those they override name but that are not configured, in the order found.
	 */
	public Set<String> unknownProjects(Class<?> targetClass) {
		Set<String> unknown = new LinkedHashSet<>();
		for (Class<?> type : hierarchy(targetClass)) {
			addUnknown(type.getAnnotation(Observe.class), unknown);
			for (Method method : type.getDeclaredMethods()) {
				addUnknown(method.getAnnotation(Observe.class), unknown);
			}
		}
		return unknown;
	}

	private void addUnknown(@Nullable Observe observe, Set<String> unknown) {
		if (observe != null && this.projects.find(observe.project()).isEmpty()) {
			unknown.add(observe.project());
		}
	}

	private static boolean resolve(Observe.Capture capture, boolean configured) {
		return switch (capture) {
			case ON -> true;
			case OFF -> false;
			case DEFAULT -> configured;
		};
	}

	/**
	 * The method followed by the methods it overrides or implements in the target's
	 * superclasses and interfaces, where an {@link Observe} or a parameter annotation may
	 * be declared instead.
	 */
	private static List<Method> declarations(Class<?> targetClass, Method method) {
		List<Method> declarations = new ArrayList<>();
		declarations.add(method);
		for (Class<?> type : hierarchy(targetClass)) {
			try {
				Method declared = type.getDeclaredMethod(method.getName(), method.getParameterTypes());
				if (!declared.equals(method) && !Modifier.isPrivate(declared.getModifiers())) {
					declarations.add(declared);
				}
			}
			catch (NoSuchMethodException ex) {
				// not declared at this level
			}
		}
		return declarations;
	}

	private static Observe typeAnnotation(Class<?> targetClass) {
		for (Class<?> type : hierarchy(targetClass)) {
			Observe observe = type.getAnnotation(Observe.class);
			if (observe != null) {
				return observe;
			}
		}
		return null;
	}

	/** The class, its superclasses, then every interface they implement, each once. */
	private static List<Class<?>> hierarchy(Class<?> targetClass) {
		List<Class<?>> types = new ArrayList<>();
		for (Class<?> type = targetClass; type != null && type != Object.class; type = type.getSuperclass()) {
			types.add(type);
		}
		for (int i = 0; i < types.size(); i++) {
			for (Class<?> implemented : types.get(i).getInterfaces()) {
				if (!types.contains(implemented)) {
					types.add(implemented);
				}
			}
		}
		return types;
	}

	/**
	 * Whether an {@link Observe} on the class applies to the method: public methods other
	 * than those of {@code java.lang.Object} ({@code toString}, {@code equals},
	 * {@code hashCode}...), even when overridden.
	 */
	public static boolean isObservedByType(Method method) {
		if (!Modifier.isPublic(method.getModifiers()) || method.isSynthetic()) {
			return false;
		}
		if (!OBJECT_METHOD_NAMES.contains(method.getName())) {
			return true;
		}
		try {
			Object.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
			return false;
		}
		catch (NoSuchMethodException ex) {
			return true;
		}
	}

	private static boolean isBoundToHeader(List<Method> declarations, int index) {
		for (Method declaration : declarations) {
			for (Annotation annotation : declaration.getParameterAnnotations()[index]) {
				if (HEADER_ANNOTATIONS.contains(annotation.annotationType().getName())) {
					return true;
				}
			}
		}
		return false;
	}

	static boolean isFrameworkType(Class<?> type) {
		Deque<Class<?>> pending = new ArrayDeque<>();
		Set<Class<?>> seen = new HashSet<>();
		pending.add(type);
		while (!pending.isEmpty()) {
			Class<?> current = pending.poll();
			if (current == null || !seen.add(current)) {
				continue;
			}
			if (FRAMEWORK_TYPES.contains(current.getName())) {
				return true;
			}
			if (current.getSuperclass() != null) {
				pending.add(current.getSuperclass());
			}
			pending.addAll(List.of(current.getInterfaces()));
		}
		return false;
	}

	private record Plan(@Nullable LangfuseClient client, String name, io.github.lfwire.langfuse.ObservationType type,
			boolean captureInput, boolean captureOutput, String[] parameterNames, int[] parameterIndexes,
			AsyncResultHandler asyncHandler) {

		static final Plan NONE = new Plan(null, "", io.github.lfwire.langfuse.ObservationType.SPAN, false, false,
				new String[0], new int[0], null);

		/**
		 * The captured arguments by name, in a map that cannot change, so that arguments
		 * that cannot change either are serialized on the export thread.
		 */
		Map<String, Object> input(Object[] args) {
			Object[] values = new Object[this.parameterNames.length];
			for (int i = 0; i < values.length; i++) {
				int index = this.parameterIndexes[i];
				values[i] = (index < args.length) ? args[index] : null;
			}
			return ImmutableValues.frozenMap(this.parameterNames, values);
		}

	}

}
