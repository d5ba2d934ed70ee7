import { Component, type ErrorInfo, type ReactNode } from 'react';
import { TriangleAlert } from 'lucide-react';
import { CrashProbe } from './crashProbe';

interface Props {
  /** The panel's name as people know it ("Canvas", "Inspector"). */
  name: string;
  children: ReactNode;
  /** Saves the flow as a file, so a crash never traps the user's work. */
  onExport?: () => void;
  /** Called when the user asks to try again, before the children render again. */
  onReset?: () => void;
}

interface State {
  error: Error | null;
  /** The user asked to try again: the crash probe (?crash=) of this panel stays quiet. */
  probeDisarmed: boolean;
}

/**
 * Contains a rendering error to one panel: the panel shows what went wrong with
 * "Try again" and "Export flow", and the rest of the app keeps working.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, probeDisarmed: false };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`Creditflow: the ${this.props.name} panel crashed`, error, info.componentStack);
  }

  private readonly reset = () => {
    this.props.onReset?.();
    this.setState({ error: null, probeDisarmed: true });
  };

  override render() {
    const { error } = this.state;
    if (!error)
      return (
        <>
          <CrashProbe panel={this.props.name} disarmed={this.state.probeDisarmed} />
          {this.props.children}
        </>
      );
    return (
      <div className="cf-crash" role="alert" data-testid="panel-crash">
        <TriangleAlert size={20} className="cf-crash__icon" aria-hidden="true" />
        <p className="cf-crash__title">This panel crashed: {this.props.name}</p>
        <p className="cf-crash__message">{error.message || 'Unknown error'}</p>
        <p className="cf-crash__hint">Your flow is safe. Try again, or export it to a file.</p>
        <div className="cf-crash__actions">
          <button type="button" className="cf-btn cf-btn--primary cf-btn--sm" onClick={this.reset}>
            Try again
          </button>
          {this.props.onExport && (
            <button type="button" className="cf-btn cf-btn--sm" onClick={this.props.onExport}>
              Export flow
            </button>
          )}
        </div>
      </div>
    );
  }
}
