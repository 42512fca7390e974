import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  createActor,
  type Actor,
  type ActorOptions,
  type AnyActorLogic,
  type EmittedFrom,
  type EventFromLogic,
  type SnapshotFrom,
  type Subscription,
} from 'xstate';

export interface ActorControllerConfig<TLogic extends AnyActorLogic> {
  /** Read when the actor is created, so injected collaborators are current; `undefined` runs nothing. */
  logic: () => TLogic | undefined;
  options?: () => ActorOptions<TLogic>;
  /** Everything the logic `emit()`s: the bridge to DOM events. */
  onEmit?: (emitted: EmittedFrom<TLogic>) => void;
  /** Called once per actor, right after it started. */
  onStart?: (actor: Actor<TLogic>) => void;
}

/** Runs one actor while its host is in the document and re-renders the host on every snapshot. */
export class ActorController<TLogic extends AnyActorLogic> implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  readonly #config: ActorControllerConfig<TLogic>;
  #actor?: Actor<TLogic>;
  #snapshot?: SnapshotFrom<TLogic>;
  #subscriptions: Subscription[] = [];

  constructor(host: ReactiveControllerHost & Element, config: ActorControllerConfig<TLogic>) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  /** The latest snapshot, or `undefined` while no actor runs. */
  get snapshot(): SnapshotFrom<TLogic> | undefined {
    return this.#snapshot;
  }

  send(event: EventFromLogic<TLogic>): void {
    this.#actor?.send(event);
  }

  /** Replaces the running actor with a fresh one (configuration changed). */
  restart(): void {
    this.#stop();
    if (this.#host.isConnected) this.#start();
  }

  hostConnected(): void {
    // Re-inserted after a DOM move: the conversation goes on with the same actor.
    if (!this.#actor) this.#start();
  }

  hostDisconnected(): void {
    // Frameworks re-parent nodes (remove + insert in one task); stop only if the host is really gone.
    queueMicrotask(() => {
      if (!this.#host.isConnected) this.#stop();
    });
  }

  #start(): void {
    const logic = this.#config.logic();
    if (!logic) return;
    const actor = createActor(logic, this.#config.options?.());
    this.#subscriptions = [
      actor.subscribe(snapshot => {
        this.#snapshot = snapshot;
        this.#host.requestUpdate();
      }),
    ];
    const { onEmit } = this.#config;
    if (onEmit) this.#subscriptions.push(actor.on('*', emitted => onEmit(emitted as EmittedFrom<TLogic>)));
    this.#actor = actor;
    actor.start();
    this.#snapshot = actor.getSnapshot();
    this.#host.requestUpdate();
    this.#config.onStart?.(actor);
  }

  #stop(): void {
    this.#subscriptions.forEach(s => s.unsubscribe());
    this.#subscriptions = [];
    this.#actor?.stop();
    this.#actor = undefined;
    this.#snapshot = undefined;
    this.#host.requestUpdate();
  }
}
